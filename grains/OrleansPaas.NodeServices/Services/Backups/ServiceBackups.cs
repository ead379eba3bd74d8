using System.Diagnostics;
using Amazon.Runtime;
using Docker.DotNet;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Backup;
using OrleansPaas.NodeServices.Services.Backups.Targets;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// The backup engine: dump → store in the directory with a manifest → prove by restoring into a throwaway
/// container → record the proof → copy to the other targets (S3), recording each copy's outcome. Restores
/// take the dump from the first target that holds it, check the kind and the checksum first, and change
/// nothing when refused.
/// </summary>
public sealed partial class ServiceBackups(
    IEnumerable<IKindBackups> kinds,
    BackupStore store,
    IOptions<PaasOptions> options,
    ILogger<ServiceBackups> logger,
    ServiceBackupMetrics? metrics = null,
    TimeProvider? time = null,
    BackupTargets? targets = null) : IServiceBackups
{
    /// <summary>A listing waits this long for a target (a store that does not answer must not hold up services:info).</summary>
    private static readonly TimeSpan ListTimeout = TimeSpan.FromSeconds(30);
    private readonly BackupTargets _targets = targets ?? new BackupTargets(new DirectoryBackupTarget(store), []);
    private readonly Dictionary<string, IKindBackups> _kinds = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private TimeSpan Timeout => options.Value.Backups.Timeout;

    public async Task<ServiceBackupOutcome> BackupAsync(ServiceBackupSource source, BackupRetention? retention, CancellationToken cancellationToken)
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
            retention is { MadeFor.Count: > 0 } ? retention.MadeFor.ToList() : null, null,
            retention is { MadeFor.Count: > 0 } ? retention.MadeFor.Where(retention.Keep.ContainsKey).ToDictionary(s => s, s => retention.Keep[s], StringComparer.Ordinal) : null);
        await store.SaveAsync(manifest, cancellationToken);
        var proven = await ProveAsync(manifest, path, cancellationToken);
        await store.SaveAsync(proven, cancellationToken);
        metrics?.Taken(source.Service, proven.Verification?.Passed == true ? "verified" : "unverified");
        var copied = await CopyAsync(proven, path, cancellationToken);
        await store.SaveAsync(copied, cancellationToken);
        return new ServiceBackupOutcome(copied, null);
    }

    public async Task<ServiceBackupOutcome> VerifyAsync(string service, string id, CancellationToken cancellationToken)
    {
        if (await LocateAsync(service, id, cancellationToken) is not { } backup)
        {
            return ServiceBackupOutcome.Failed(NoSuchBackup(service, id));
        }

        if (backup.Locations.Count == 0)
        {
            // Its dump is nowhere: that is the verification's result, recorded in the directory's manifest (shown by services:info).
            var missing = await ProveAsync(backup.Manifest, store.DumpPath(service, backup.Manifest.File), cancellationToken);
            await store.SaveAsync(missing, cancellationToken);
            return new ServiceBackupOutcome(missing, null);
        }

        var (dump, problem) = await FetchAsync(backup, cancellationToken);
        if (dump is null)
        {
            return ServiceBackupOutcome.Failed($"Backup {id} is not verified: {problem}.");
        }

        using (dump)
        {
            var proven = await ProveAsync(backup.Manifest, dump.Path, cancellationToken);
            foreach (var target in _targets.All.Where(t => backup.Locations.Contains(t.Name)))
            {
                try
                {
                    await target.SaveManifestAsync(proven, cancellationToken);
                }
                catch (Exception ex) when (IsExpected(ex, cancellationToken))
                {
                    LogManifestNotSaved(service, id, target.Name, Sentence(ex));
                }
            }

            return new ServiceBackupOutcome(proven, null);
        }
    }

    public async Task<ServiceRestoreOutcome> RestoreAsync(ServiceBackupSource target, string fromService, string id, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (await LocateAsync(fromService, id, cancellationToken) is not { } backup)
        {
            return new ServiceRestoreOutcome(NoSuchBackup(fromService, id), 0, null);
        }

        var manifest = backup.Manifest;
        if (manifest.Kind != target.Kind)
        {
            return new ServiceRestoreOutcome(
                $"Backup {id} is a {manifest.Kind} backup and {target.Service} is a {target.Kind} service: a backup restores only into a service of its kind.", 0, null);
        }

        var (dump, problem) = await FetchAsync(backup, cancellationToken);
        if (dump is null)
        {
            return new ServiceRestoreOutcome($"Backup {id} is not restored: {problem}.", 0, null);
        }

        using (dump)
        {
            if (await DamageAsync(manifest, dump.Path, cancellationToken) is { } damage)
            {
                return new ServiceRestoreOutcome($"Backup {id} is not restored: {damage}.", 0, null);
            }

            return await RestoreFileAsync(target, dump.Path, manifest.Contents, started, cancellationToken);
        }
    }

    /// <summary>
    /// Every backup any target holds, newest first, with where it is whole. A backup whose manifest is in the directory but whose
    /// dump is nowhere is listed with no location. A target that cannot be listed is left out (and logged): its copies are then not shown.
    /// </summary>
    public async Task<IReadOnlyList<StoredBackup>> ListAsync(string service, CancellationToken cancellationToken)
    {
        var local = (await store.ListAsync(service, cancellationToken)).ToDictionary(m => m.Id, StringComparer.Ordinal);
        var locations = local.Values.ToDictionary(m => m.Id,
            m => File.Exists(store.DumpPath(service, m.File)) ? new List<string> { DirectoryBackupTarget.TargetName } : [], StringComparer.Ordinal);
        var manifests = new Dictionary<string, ServiceBackupManifest>(local, StringComparer.Ordinal);
        foreach (var target in _targets.Copies)
        {
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                bounded.CancelAfter(ListTimeout);
                foreach (var id in await target.IdsAsync(service, bounded.Token))
                {
                    if (!manifests.ContainsKey(id) && await target.FindAsync(service, id, bounded.Token) is { } manifest)
                    {
                        manifests[id] = manifest;
                    }

                    if (manifests.ContainsKey(id))
                    {
                        (locations.TryGetValue(id, out var where) ? where : locations[id] = []).Add(target.Name);
                    }
                }
            }
            catch (Exception ex) when (IsExpected(ex, cancellationToken))
            {
                LogListFailed(service, target.Name, Sentence(ex));
            }
        }

        return manifests.Values.OrderByDescending(m => m.Id, StringComparer.Ordinal)
            .Select(m => new StoredBackup(m, locations[m.Id])).ToList();
    }

    public async Task<int> PruneAsync(string service, IReadOnlyDictionary<string, int> keep, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var backup in BackupPruning.Choose(await ListAsync(service, cancellationToken), keep))
        {
            // The directory always (its manifest may be there without its dump); each other target where the backup is.
            store.Delete(backup.Manifest);
            foreach (var target in _targets.Copies.Where(t => backup.Locations.Contains(t.Name)))
            {
                try
                {
                    using var bounded = Bounded(cancellationToken);
                    await target.DeleteAsync(backup.Manifest, bounded.Token);
                }
                catch (Exception ex) when (IsExpected(ex, cancellationToken))
                {
                    // Listed again next time (as a backup of that target alone) and pruned then.
                    LogPruneFailed(service, backup.Manifest.Id, target.Name, Sentence(ex));
                }
            }

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

    /// <summary>Copies the backup to each other target; each copy's outcome (stored, or why not) goes into the manifest, which each copy also holds.</summary>
    private async Task<ServiceBackupManifest> CopyAsync(ServiceBackupManifest manifest, string dump, CancellationToken cancellationToken)
    {
        if (_targets.Copies.Count == 0)
        {
            return manifest;
        }

        var copies = new List<BackupCopy>();
        foreach (var target in _targets.Copies)
        {
            var stored = new BackupCopy(target.Name, true, _time.GetUtcNow(), "stored");
            try
            {
                using var bounded = Bounded(cancellationToken);
                await target.StoreAsync(manifest with { Copies = [.. copies, stored] }, dump, bounded.Token);
                copies.Add(stored);
            }
            catch (Exception ex) when (IsExpected(ex, cancellationToken))
            {
                var failure = Sentence(ex);
                LogCopyFailed(manifest.Service, manifest.Id, target.Name, failure);
                copies.Add(new BackupCopy(target.Name, false, _time.GetUtcNow(), failure));
            }
        }

        return manifest with { Copies = copies };
    }

    private async Task<StoredBackup?> LocateAsync(string service, string id, CancellationToken cancellationToken) =>
        BackupStore.IsId(id) ? (await ListAsync(service, cancellationToken)).FirstOrDefault(b => b.Manifest.Id == id) : null;

    /// <summary>The dump as a local file, from the first target (the directory before the others) that holds it; else why not.</summary>
    private async Task<(LocalDump? Dump, string? Problem)> FetchAsync(StoredBackup backup, CancellationToken cancellationToken)
    {
        if (_targets.All.FirstOrDefault(t => backup.Locations.Contains(t.Name)) is not { } target)
        {
            return (null, $"its file {backup.Manifest.File} is missing");
        }

        try
        {
            using var bounded = Bounded(cancellationToken);
            return (await target.FetchAsync(backup.Manifest, bounded.Token), null);
        }
        catch (Exception ex) when (IsExpected(ex, cancellationToken))
        {
            return (null, $"its file could not be fetched from {target.Name}: {Sentence(ex)}");
        }
    }

    /// <summary>Checks the file against the manifest, then restores it into a throwaway container and compares; returns the manifest with the result (the caller stores it).</summary>
    private async Task<ServiceBackupManifest> ProveAsync(ServiceBackupManifest manifest, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
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
        ex is BackupProblemException or DockerApiException or IOException or AmazonServiceException or AmazonClientException or HttpRequestException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private string Sentence(Exception ex) => ex switch
    {
        BackupProblemException => ex.Message,
        DockerContainerNotFoundException => "its container is not on this node",
        DockerImageNotFoundException => "its image is not on this node",
        DockerApiException api => $"the Docker engine refused: {api.ResponseBody.Trim()}",
        AmazonServiceException s3 => $"the store answered {(int)s3.StatusCode} {s3.ErrorCode}: {s3.Message}",
        OperationCanceledException => $"it took longer than Paas:Backups:Timeout ({Timeout})",
        _ => ex.Message,
    };

    private static string UnknownKind(string kind) => $"'{kind}' is not a kind of service with backups (postgres, redis).";

    private static string NoSuchBackup(string service, string id) => $"Service {service} has no backup '{id}'.";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: {Error}")]
    private partial void LogBackupFailed(string service, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Service}: backup {Backup}: the upload to {Target} FAILED: {Failure}")]
    private partial void LogCopyFailed(string service, string backup, string target, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: the backups in {Target} could not be listed: {Problem}")]
    private partial void LogListFailed(string service, string target, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: backup {Backup}: its new verification could not be saved in {Target}: {Problem}")]
    private partial void LogManifestNotSaved(string service, string backup, string target, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: backup {Backup} was pruned from the directory but not from {Target}: {Problem}")]
    private partial void LogPruneFailed(string service, string backup, string target, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: backup {Backup} verified in {Seconds:0.0} s")]
    private partial void LogVerified(string service, string backup, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Service}: backup {Backup} FAILED verification: {Failure}")]
    private partial void LogVerificationFailed(string service, string backup, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: restored ({Contents}) in {Seconds:0.0} s")]
    private partial void LogRestored(string service, string contents, double seconds);
}
