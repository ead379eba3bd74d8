using System.Diagnostics;
using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Backup;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// The backup engine: dump → store with a manifest → prove by restoring into a throwaway container →
/// record the proof. Restores check the kind and the checksum first and change nothing when refused.
/// </summary>
public sealed partial class ServiceBackups(
    IEnumerable<IKindBackups> kinds,
    BackupStore store,
    IOptions<PaasOptions> options,
    ILogger<ServiceBackups> logger,
    ServiceBackupMetrics? metrics = null,
    TimeProvider? time = null) : IServiceBackups
{
    private readonly Dictionary<string, IKindBackups> _kinds = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private TimeSpan Timeout => options.Value.Backups.Timeout;

    public async Task<ServiceBackupOutcome> BackupAsync(ServiceBackupSource source, IReadOnlyList<string> schedules, CancellationToken cancellationToken)
    {
        if (!_kinds.TryGetValue(source.Kind, out var kind))
        {
            return ServiceBackupOutcome.Failed(UnknownKind(source.Kind));
        }

        using var bounded = Bounded(cancellationToken);
        var id = store.NewId();
        var partial = store.PartialPath(source.Service, id);
        var started = Stopwatch.GetTimestamp();
        BackupContents contents;
        try
        {
            contents = await kind.DumpAsync(source, partial, bounded.Token);
        }
        catch (Exception ex) when (IsExpected(ex, cancellationToken))
        {
            File.Delete(partial);
            var error = $"The backup of {source.Service} failed: {Sentence(ex)}.";
            LogBackupFailed(source.Service, error);
            metrics?.Taken(source.Service, "failed");
            return ServiceBackupOutcome.Failed(error);
        }

        var file = $"{id}.{kind.Extension}";
        var path = store.DumpPath(source.Service, file);
        File.Move(partial, path);
        var manifest = new ServiceBackupManifest(id, source.Service, kind.Kind, source.Image, file, new FileInfo(path).Length,
            await BackupStore.Sha256Async(path, cancellationToken), _time.GetUtcNow(), Stopwatch.GetElapsedTime(started).TotalSeconds, contents, null,
            schedules.Count == 0 ? null : schedules.ToList());
        await store.SaveAsync(manifest, cancellationToken);
        var proven = await ProveAsync(manifest, cancellationToken);
        metrics?.Taken(source.Service, proven.Verification?.Passed == true ? "verified" : "unverified");
        return new ServiceBackupOutcome(proven, null);
    }

    public async Task<ServiceBackupOutcome> VerifyAsync(string service, string id, CancellationToken cancellationToken) =>
        await store.FindAsync(service, id, cancellationToken) is { } manifest
            ? new ServiceBackupOutcome(await ProveAsync(manifest, cancellationToken), null)
            : ServiceBackupOutcome.Failed(NoSuchBackup(service, id));

    public async Task<ServiceRestoreOutcome> RestoreAsync(ServiceBackupSource target, string fromService, string id, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var manifest = await store.FindAsync(fromService, id, cancellationToken);
        if (manifest is null)
        {
            return new ServiceRestoreOutcome(NoSuchBackup(fromService, id), 0, null);
        }

        if (manifest.Kind != target.Kind)
        {
            return new ServiceRestoreOutcome(
                $"Backup {id} is a {manifest.Kind} backup and {target.Service} is a {target.Kind} service: a backup restores only into a service of its kind.", 0, null);
        }

        var path = store.DumpPath(fromService, manifest.File);
        if (await DamageAsync(manifest, path, cancellationToken) is { } damage)
        {
            return new ServiceRestoreOutcome($"Backup {id} is not restored: {damage}.", 0, null);
        }

        return await RestoreFileAsync(target, path, manifest.Contents, started, cancellationToken);
    }

    public Task<IReadOnlyList<ServiceBackupManifest>> ListAsync(string service, CancellationToken cancellationToken) =>
        store.ListAsync(service, cancellationToken);

    public async Task<int> PruneAsync(string service, IReadOnlyDictionary<string, int> keep, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(service, cancellationToken);
        // The newest proven backup is what a lost service comes back from: it stays whatever keep says.
        var newestProven = all.FirstOrDefault(m => m.Verification?.Passed == true);
        var keptBySchedule = keep
            .SelectMany(schedule => all.Where(m => m.Schedules?.Contains(schedule.Key) == true).Take(Math.Max(schedule.Value, 0)))
            .ToHashSet();
        var removed = 0;
        foreach (var manifest in all.Where(m => m.Schedules is { Count: > 0 } made
            && made.All(keep.ContainsKey) && !keptBySchedule.Contains(m) && m != newestProven))
        {
            store.Delete(manifest);
            removed++;
        }

        return removed;
    }

    public async Task ExportAsync(ServiceBackupSource source, Stream destination, CancellationToken cancellationToken)
    {
        var kind = _kinds.GetValueOrDefault(source.Kind) ?? throw new BackupProblemException(UnknownKind(source.Kind));
        using var bounded = Bounded(cancellationToken);
        var file = store.PartialPath(source.Service, "export-" + store.NewId());
        try
        {
            await kind.DumpAsync(source, file, bounded.Token);
            await using var dump = File.OpenRead(file);
            await dump.CopyToAsync(destination, bounded.Token);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task<ServiceRestoreOutcome> ImportAsync(ServiceBackupSource target, Stream dump, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var file = store.PartialPath(target.Service, "import-" + store.NewId());
        try
        {
            await using (var output = File.Create(file))
            {
                await dump.CopyToAsync(output, cancellationToken);
            }

            if (await DumpSignature.ProblemAsync(target.Service, target.Kind, file, cancellationToken) is { } wrongKind)
            {
                return new ServiceRestoreOutcome(wrongKind, Stopwatch.GetElapsedTime(started).TotalSeconds, null);
            }

            return await RestoreFileAsync(target, file, expected: null, started, cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<ServiceRestoreOutcome> RestoreFileAsync(ServiceBackupSource target, string path, BackupContents? expected, long started,
        CancellationToken cancellationToken)
    {
        if (!_kinds.TryGetValue(target.Kind, out var kind))
        {
            return new ServiceRestoreOutcome(UnknownKind(target.Kind), 0, null);
        }

        using var bounded = Bounded(cancellationToken);
        try
        {
            var restored = await kind.RestoreAsync(target, path, Timeout, bounded.Token);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var difference = expected?.DifferenceFrom(restored);
            if (difference is not null)
            {
                return new ServiceRestoreOutcome($"The restore into {target.Service} ran, but {difference}.", seconds, restored);
            }

            LogRestored(target.Service, restored.Describe(), seconds);
            return new ServiceRestoreOutcome(null, seconds, restored);
        }
        catch (Exception ex) when (IsExpected(ex, cancellationToken))
        {
            return new ServiceRestoreOutcome($"The restore into {target.Service} failed: {Sentence(ex)}.", Stopwatch.GetElapsedTime(started).TotalSeconds, null);
        }
    }

    /// <summary>Checks the file against the manifest, then restores it into a throwaway container and compares; the result goes into the manifest.</summary>
    private async Task<ServiceBackupManifest> ProveAsync(ServiceBackupManifest manifest, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var path = store.DumpPath(manifest.Service, manifest.File);
        string? failure;
        string detail;
        try
        {
            failure = await DamageAsync(manifest, path, cancellationToken);
            if (failure is null)
            {
                using var bounded = Bounded(cancellationToken);
                var kind = _kinds.GetValueOrDefault(manifest.Kind) ?? throw new BackupProblemException(UnknownKind(manifest.Kind));
                var restored = await kind.LoadIntoThrowawayAsync(manifest.Service, manifest.Image, path, Timeout, bounded.Token);
                failure = manifest.Contents.DifferenceFrom(restored);
            }

            detail = failure ?? $"restored into a throwaway {manifest.Image} container: {manifest.Contents.Describe()}, as the backup says";
        }
        catch (Exception ex) when (IsExpected(ex, cancellationToken))
        {
            failure = Sentence(ex);
            detail = failure;
        }

        var verification = new BackupVerification(failure is null, _time.GetUtcNow(), Stopwatch.GetElapsedTime(started).TotalSeconds, detail);
        var proven = manifest with { Verification = verification };
        await store.SaveAsync(proven, cancellationToken);
        if (failure is null)
        {
            LogVerified(manifest.Service, manifest.Id, verification.Seconds);
            metrics?.Verified(manifest.Service, manifest.Created);
        }
        else
        {
            LogVerificationFailed(manifest.Service, manifest.Id, failure);
        }

        return proven;
    }

    /// <summary>Null when the file is there and matches its manifest's size and SHA-256, else what is wrong.</summary>
    private static async Task<string?> DamageAsync(ServiceBackupManifest manifest, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return $"its file {manifest.File} is missing";
        }

        var size = new FileInfo(path).Length;
        return size != manifest.SizeBytes || await BackupStore.Sha256Async(path, cancellationToken) != manifest.Sha256
            ? $"its file {manifest.File} does not match its checksum (damaged or changed since it was taken)"
            : null;
    }

    private CancellationTokenSource Bounded(CancellationToken cancellationToken)
    {
        var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        return bounded;
    }

    /// <summary>Failures reported as a sentence: refusals, the engine's answers, and the time limit — not the caller's own cancellation.</summary>
    private static bool IsExpected(Exception ex, CancellationToken cancellationToken) =>
        ex is BackupProblemException or DockerApiException or IOException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private string Sentence(Exception ex) => ex switch
    {
        BackupProblemException => ex.Message,
        DockerContainerNotFoundException => "its container is not on this node",
        DockerImageNotFoundException => "its image is not on this node",
        DockerApiException api => $"the Docker engine refused: {api.ResponseBody.Trim()}",
        OperationCanceledException => $"it took longer than Paas:Backups:Timeout ({Timeout})",
        _ => ex.Message,
    };

    private static string UnknownKind(string kind) => $"'{kind}' is not a kind of service with backups (postgres, redis).";

    private static string NoSuchBackup(string service, string id) => $"Service {service} has no backup '{id}'.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: {Error}")]
    private partial void LogBackupFailed(string service, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: backup {Backup} verified in {Seconds:0.0} s")]
    private partial void LogVerified(string service, string backup, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Service}: backup {Backup} FAILED verification: {Failure}")]
    private partial void LogVerificationFailed(string service, string backup, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: restored ({Contents}) in {Seconds:0.0} s")]
    private partial void LogRestored(string service, string contents, double seconds);
}
