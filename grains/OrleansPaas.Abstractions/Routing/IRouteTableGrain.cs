using Orleans.Concurrency;
namespace OrleansPaas.Routing;

/// <summary>
/// The versioned route table (key 0). App grains publish their entry; each node's gateway
/// long-polls <see cref="WaitForChangeAsync"/> and keeps the snapshot in memory, so no grain
/// call sits on a request's path.
/// </summary>
[Alias("paas.IRouteTableGrain")]
public interface IRouteTableGrain : IGrainWithIntegerKey
{
    /// <summary>Sets (or, with no endpoints and hosts, removes) an app's entry; returns the new version.</summary>
    [Alias("Publish")]
    Task<long> PublishAsync(RouteEntry entry);

    [Alias("Remove")]
    Task<long> RemoveAsync(string app);

    /// <summary>
    /// Returns the snapshot once its version is newer than <paramref name="knownVersion"/>, or
    /// the current one after <paramref name="wait"/>. The call also records that
    /// <paramref name="gateway"/> has applied <paramref name="knownVersion"/>.
    /// </summary>
    [AlwaysInterleave, Alias("WaitForChange")]
    Task<RouteSnapshot> WaitForChangeAsync(string gateway, long knownVersion, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>Completes when every gateway seen recently has applied <paramref name="version"/>, or after <paramref name="timeout"/>.</summary>
    [AlwaysInterleave, Alias("WaitUntilApplied")]
    Task<bool> WaitUntilAppliedAsync(long version, TimeSpan timeout);
}
