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
    /// Returns the snapshot once it differs from (<paramref name="knownEpoch"/>, <paramref name="knownVersion"/>),
    /// or the current one after <paramref name="wait"/>. The call also records that <paramref name="gateway"/>
    /// has applied that version; a gateway that holds nothing yet passes <see cref="Guid.Empty"/>.
    /// </summary>
    [AlwaysInterleave, Alias("WaitForChange")]
    Task<RouteSnapshot> WaitForChangeAsync(string gateway, long knownVersion, TimeSpan wait, Guid knownEpoch = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// The reconciler finished a pass: every app has published instances it has checked against
    /// the nodes. Until the first one after the table's activation, gateways get no snapshot, so a
    /// restarted node never serves endpoints from before the restart that nobody confirmed.
    /// </summary>
    [AlwaysInterleave, Alias("Confirm")]
    Task ConfirmAsync();

    /// <summary>
    /// Completes when every live node's gateway has applied <paramref name="version"/> of this activation, or
    /// after <paramref name="timeout"/>. A table reactivated from storage also waits for live nodes whose
    /// gateway has not polled it yet (they may hold an earlier activation's routes).
    /// </summary>
    [AlwaysInterleave, Alias("WaitUntilApplied")]
    Task<bool> WaitUntilAppliedAsync(long version, TimeSpan timeout);
}
