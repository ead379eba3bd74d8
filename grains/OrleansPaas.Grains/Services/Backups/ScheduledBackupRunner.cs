using OrleansPaas.Grains.BackupSchedules;
using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.Grains.Services.Backups;

/// <summary>Runs a schedule's backup through the service's own grain (the same path as <c>services:backup</c>), then prunes.</summary>
public sealed class ScheduledBackupRunner(IGrainFactory grains) : IScheduledBackupRunner
{
    public async Task<string> RunAsync(string service, BackupRetention retention, CancellationToken cancellationToken)
    {
        var outcome = await grains.GetGrain<IServiceBackupsGrain>(service).BackupNowAsync(retention).WaitAsync(cancellationToken);
        if (outcome.Manifest is not { } manifest)
        {
            return $"no backup: {outcome.Error}";
        }

        var verdict = outcome.Verified ? $"backup {manifest.Id} verified"
            : $"backup {manifest.Id} failed verification: {manifest.Verification?.Detail ?? "not verified"}";
        return string.Join("; ", [verdict, .. (manifest.Copies ?? []).Where(c => !c.Stored).Select(c => $"upload to {c.Target} failed: {c.Detail}")]);
    }
}
