using OrleansPaas.BackupSchedules;
using OrleansPaas.Contracts.Services;
using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.Gateway.Api;

/// <summary>The API's views of the backup engine's manifests and the schedules' records.</summary>
public static class ServiceBackupViews
{
    public static ServiceBackupView View(ServiceBackupManifest manifest) => new(
        manifest.Id, manifest.Created, manifest.SizeBytes, manifest.Seconds, manifest.Contents.Describe(),
        manifest.Verification is null ? "not verified" : manifest.Verification.Passed ? "ok" : "failed",
        manifest.Verification?.Detail, manifest.Verification?.At, manifest.Verification?.Seconds);

    public static BackupScheduleView View(BackupSchedule schedule) =>
        new(schedule.Cron, schedule.Keep, schedule.Added, schedule.LastRun, schedule.LastOutcome, schedule.NextRun);
}
