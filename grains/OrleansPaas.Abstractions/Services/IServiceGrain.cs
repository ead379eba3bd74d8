using Orleans.Concurrency;

namespace OrleansPaas.Services;

/// <summary>
/// One backing service (key = service name): its desired state (kind, image, node, password, links)
/// is stored here; its container is run by its node. Commands validate everything first and change nothing when refused.
/// </summary>
[Alias("paas.IServiceGrain")]
public interface IServiceGrain : IGrainWithStringKey
{
    /// <summary><paramref name="kind"/> as typed (postgres, redis); <paramref name="version"/> null: the configured image.</summary>
    [Alias("Create")]
    Task<ServiceCommandResult> CreateAsync(string kind, string? version);

    /// <summary>Gives <paramref name="app"/> the service's URL in <paramref name="variable"/> (null: DATABASE_URL / REDIS_URL), a new release.</summary>
    [Alias("Link")]
    Task<ServiceCommandResult> LinkAsync(string app, string? variable);

    [Alias("Unlink")]
    Task<ServiceCommandResult> UnlinkAsync(string app);

    /// <summary>Removes the container, its network and its volume (the data); refused while linked unless <paramref name="force"/>, which unlinks first.</summary>
    [Alias("Destroy")]
    Task<ServiceCommandResult> DestroyAsync(bool force);

    /// <summary>
    /// <c>services:move</c>: with its node alive, the service is cut off from its apps, dumped, restored on
    /// <paramref name="node"/> under the same name and password, and recorded there; the old container and volume go
    /// only once the new one serves. A failure at any step leaves it serving where it was. Its steps are written, as
    /// they happen, to the log <paramref name="job"/> (<see cref="ReadMoveLogAsync"/>), which is opened once it is under way.
    /// </summary>
    [Alias("Move")]
    Task<ServiceMoveOutcome> MoveAsync(string node, int job);

    /// <summary>
    /// <c>services:restore NAME ID --node N</c>: with its node lost, the service is made again on <paramref name="node"/>
    /// from backup <paramref name="id"/> (as that node reaches it: its directory or the S3 store), same name and password.
    /// </summary>
    [Alias("RestoreOnNode")]
    Task<ServiceMoveOutcome> RestoreOnNodeAsync(string id, string node, int job);

    /// <summary>
    /// The lines of move or restore <paramref name="job"/> from <paramref name="fromLine"/>, waiting up to
    /// <paramref name="wait"/> for new ones; <see cref="OrleansPaas.Builds.BuildOutcome.Unknown"/> while it is not opened
    /// (not begun, refused) or no longer kept. Interleaved: it is read while the move runs.
    /// </summary>
    [AlwaysInterleave, Alias("ReadMoveLog")]
    Task<OrleansPaas.Builds.BuildLogChunk> ReadMoveLogAsync(int job, int fromLine, TimeSpan wait);

    /// <summary>
    /// True when the service exists and is recorded on another node than <paramref name="node"/> (a keeper there then stops
    /// its old container). Not interleaved: asked during a move or restore, it answers once that has ended.
    /// </summary>
    [Alias("PlacedElsewhere")]
    Task<bool> IsPlacedElsewhereAsync(string node);

    /// <summary>Null when there is no such service.</summary>
    [AlwaysInterleave, Alias("GetInfo")]
    Task<ServiceInfo?> GetInfoAsync();

    /// <summary>Starts the service's container again if it is not running (its node's keeper asks every supervision interval).</summary>
    [Alias("EnsureRunning")]
    Task EnsureRunningAsync();
}
