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

    /// <summary>
    /// The reconciler finished a pass: every app has published instances it has checked against
    /// the nodes. Until the first one after the table's activation, gateways get no snapshot, so a
    /// restarted node never serves endpoints from before the restart that nobody confirmed.
    /// </summary>
    [AlwaysInterleave, Alias("Confirm")]
    Task ConfirmAsync();

    /// <summary>Completes when every live node's gateway has applied <paramref name="version"/>, or after <paramref name="timeout"/>.</summary>
    [AlwaysInterleave, Alias("WaitUntilApplied")]
    Task<bool> WaitUntilAppliedAsync(long version, TimeSpan timeout);
}
