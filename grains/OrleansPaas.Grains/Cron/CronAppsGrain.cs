using OrleansPaas.Cron;

namespace OrleansPaas.Grains.Cron;

/// <summary>The apps whose cron has something to fire; written only when an app joins or leaves the set.</summary>
public sealed class CronAppsGrain(
    [PersistentState("cronapps", GrainStorage.Name)] IPersistentState<CronAppsState> state) : Grain, ICronAppsGrain
{
    public async Task SetAsync(string app, bool firing)
    {
        if (firing ? state.State.Apps.Add(app) : state.State.Apps.Remove(app))
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // Memory stays as stored, so that the caller's next telling writes again; a stale ETag needs a fresh read.
                _ = firing ? state.State.Apps.Remove(app) : state.State.Apps.Add(app);
                DeactivateOnIdle();
                throw;
            }
        }
    }

    public Task<IReadOnlyList<string>> ListAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Apps.Order(StringComparer.Ordinal).ToList());
}

[GenerateSerializer, Alias("paas.CronAppsState")]
public sealed class CronAppsState
{
    [Id(0)] public HashSet<string> Apps { get; set; } = new(StringComparer.Ordinal);
}
