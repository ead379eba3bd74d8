namespace OrleansPaas.Grains.BackupSchedules;

/// <summary>
/// What a schedule runs: a backup of the service (dump, store, verify) made for the due schedules, and then
/// pruning of what each schedule made to its newest <c>keep</c>, where the service lives. The services' side provides it (through the service's grain,
/// which knows its node, container and credentials); the schedule knows only the service's name.
/// </summary>
public interface IScheduledBackupRunner
{
    /// <summary>One sentence for the schedule's record: what the backup did (verified or why not).</summary>
    Task<string> RunAsync(string service, OrleansPaas.NodeServices.Services.Backups.BackupRetention retention, CancellationToken cancellationToken);
}
