using OrleansPaas.BackupSchedules;
using OrleansPaas.Contracts.Services;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.NodeServices.Services.Backups.Targets;

namespace OrleansPaas.Gateway.Api;

/// <summary>The API's views of the backup engine's manifests and the schedules' records.</summary>
public static class ServiceBackupViews
{
    public static ServiceBackupView View(StoredBackup backup) => View(backup.Manifest, backup.Locations);

    /// <summary>A backup just made or verified: in the directory, and in each target its copy was stored in.</summary>
    public static ServiceBackupView View(ServiceBackupManifest manifest) =>
        View(manifest, [DirectoryBackupTarget.TargetName, .. (manifest.Copies ?? []).Where(c => c.Stored).Select(c => c.Target)]);

    public static BackupScheduleView View(BackupSchedule schedule) =>
        new(schedule.Cron, schedule.Keep, schedule.Added, schedule.LastRun, schedule.LastOutcome, schedule.NextRun);

    private static ServiceBackupView View(ServiceBackupManifest manifest, IReadOnlyList<string> locations) => new(
        manifest.Id, manifest.Created, manifest.SizeBytes, manifest.Seconds, manifest.Contents.Describe(),
        manifest.Verification is null ? "not verified" : manifest.Verification.Passed ? "ok" : "failed",
        manifest.Verification?.Detail, manifest.Verification?.At, manifest.Verification?.Seconds,
        locations.ToList(), manifest.Copies?.Select(c => new ServiceBackupCopyView(c.Target, c.Stored, c.At, c.Detail)).ToList());
}
