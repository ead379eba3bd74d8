using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>Every service's name, node and linked apps, cluster-wide (key 0).</summary>
public sealed class ServiceRegistryGrain(
    [PersistentState("service-registry", GrainStorage.Name)] IPersistentState<ServiceRegistryState> state) : Grain, IServiceRegistryGrain
{
    public async Task<bool> ReserveAsync(ServiceEntry entry)
    {
        if (!state.State.Services.TryAdd(entry.Name, entry))
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }

    public async Task SetAppsAsync(string name, IReadOnlyList<string> apps)
    {
        if (state.State.Services.TryGetValue(name, out var entry))
        {
            state.State.Services[name] = entry with { Apps = apps.ToList() };
            await state.WriteStateAsync();
        }
    }

    public async Task SetNodeAsync(string name, string node)
    {
        if (state.State.Services.TryGetValue(name, out var entry) && entry.Node != node)
        {
            state.State.Services[name] = entry with { Node = node };
            await state.WriteStateAsync();
        }
    }

    public async Task RemoveAsync(string name)
    {
        if (state.State.Services.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<ServiceEntry>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ServiceEntry>>(state.State.Services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList());

    public Task<IReadOnlyList<string>> LinkedToAsync(string app) =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Services.Values.Where(s => s.Apps.Contains(app, StringComparer.Ordinal)).Select(s => s.Name).ToList());
}
