namespace OrleansPaas.BackupSchedules;

/// <summary>A schedule command's outcome: <see cref="Error"/> (one sentence, nothing changed) or the service's schedules now.</summary>
[GenerateSerializer, Immutable, Alias("paas.BackupScheduleResult")]
public sealed record BackupScheduleResult(
    [property: Id(0)] string? Error,
    [property: Id(1)] IReadOnlyList<BackupSchedule> Schedules)
{
    public bool Succeeded => Error is null;
}
