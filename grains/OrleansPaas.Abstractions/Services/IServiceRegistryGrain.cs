namespace OrleansPaas.Services;

/// <summary>
/// Every service's name, node and linked apps (key 0): names are unique cluster-wide, and a node
/// starting an app's container asks here which service networks it joins.
/// </summary>
[Alias("paas.IServiceRegistryGrain")]
public interface IServiceRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>False when the name is taken.</summary>
    [Alias("Reserve")]
    Task<bool> ReserveAsync(ServiceEntry entry);

    [Alias("SetApps")]
    Task SetAppsAsync(string name, IReadOnlyList<string> apps);

    /// <summary>Records the service's new node (services:move, services:restore --node): its keeper there starts it, and no other.</summary>
    [Alias("SetNode")]
    Task SetNodeAsync(string name, string node);

    [Alias("Remove")]
    Task RemoveAsync(string name);

    [Orleans.Concurrency.AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<ServiceEntry>> ListAsync();

    /// <summary>The services <paramref name="app"/> is linked to.</summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("LinkedTo")]
    Task<IReadOnlyList<string>> LinkedToAsync(string app);
}
