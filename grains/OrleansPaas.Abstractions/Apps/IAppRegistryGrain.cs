using Orleans.Concurrency;
namespace OrleansPaas.Apps;

/// <summary>The list of known app names (key 0), so a starting node knows which apps to bring back.</summary>
[Alias("paas.IAppRegistryGrain")]
public interface IAppRegistryGrain : IGrainWithIntegerKey
{
    [Alias("Register")]
    Task RegisterAsync(string appName);

    [Alias("Unregister")]
    Task UnregisterAsync(string appName);

    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}
