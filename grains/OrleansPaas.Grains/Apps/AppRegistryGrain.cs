using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Apps;

public sealed class AppRegistryGrain(
    [PersistentState("registry", GrainStorage.Name)] IPersistentState<AppRegistryState> state) : Grain, IAppRegistryGrain
{
    public async Task RegisterAsync(string appName)
    {
        if (state.State.Apps.Add(appName))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task UnregisterAsync(string appName)
    {
        if (state.State.Apps.Remove(appName))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Apps.Order(StringComparer.Ordinal).ToList());
}

[GenerateSerializer, Alias("paas.AppRegistryState")]
public sealed class AppRegistryState
{
    [Id(0)] public HashSet<string> Apps { get; set; } = new(StringComparer.Ordinal);
}
