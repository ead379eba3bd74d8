using OrleansPaas.NodeServices.Services.Backups;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// The grain tests' backup engine: a backup waits until the test lets it go (as a long dump would), so a
/// test can see what the service's other commands do meanwhile. Nothing else of the engine is used there.
/// </summary>
public sealed class HeldServiceBackups : IServiceBackups
{
    private TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Done once a backup has begun (and is held).</summary>
    public Task Started => _started.Task;

    /// <summary>The next backups wait for <see cref="Release"/>.</summary>
    public void Hold()
    {
        _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release() => _release.TrySetResult();

    public async Task<ServiceBackupOutcome> BackupAsync(ServiceBackupSource source, BackupRetention? retention, CancellationToken cancellationToken)
    {
        _started.TrySetResult();
        await _release.Task.WaitAsync(cancellationToken);
        return ServiceBackupOutcome.Failed("the held backup was let go");
    }

    public Task<ServiceBackupOutcome> VerifyAsync(string service, string id, CancellationToken cancellationToken) =>
        Task.FromResult(ServiceBackupOutcome.Failed("not in the grain tests"));

    public Task<ServiceRestoreOutcome> RestoreAsync(ServiceBackupSource target, string fromService, string id, CancellationToken cancellationToken) =>
        Task.FromResult(new ServiceRestoreOutcome("not in the grain tests", 0, null));

    public Task<IReadOnlyList<StoredBackup>> ListAsync(string service, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredBackup>>([]);

    public Task<int> PruneAsync(string service, IReadOnlyDictionary<string, int> keep, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task ExportAsync(ServiceBackupSource source, Stream destination, CancellationToken cancellationToken) =>
        throw new NotSupportedException("not in the grain tests");

    public Task<ServiceRestoreOutcome> ImportAsync(ServiceBackupSource target, Stream dump, CancellationToken cancellationToken) =>
        Task.FromResult(new ServiceRestoreOutcome("not in the grain tests", 0, null));
}
