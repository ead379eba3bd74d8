using OrleansPaas.BackupSchedules;

namespace OrleansPaas.Grains.BackupSchedules;

[GenerateSerializer, Alias("paas.ServiceBackupScheduleState")]
public sealed class ServiceBackupScheduleState
{
    [Id(0)] public List<BackupSchedule> Schedules { get; set; } = [];
}
