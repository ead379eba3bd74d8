using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>Keeps one finished build's output in grain storage (SQLite on one node, PostgreSQL in a cluster).</summary>
public sealed class BuildOutputGrain(
    [PersistentState("build-output", GrainStorage.Name)] IPersistentState<BuildOutputState> state) : Grain, IBuildOutputGrain
{
    public async Task SaveAsync(string text)
    {
        state.State.Text = text;
        await state.WriteStateAsync();
    }

    public Task<string?> ReadAsync() => Task.FromResult(state.RecordExists ? state.State.Text : null);

    public async Task ForgetAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}

[GenerateSerializer, Alias("paas.BuildOutputState")]
public sealed class BuildOutputState
{
    [Id(0)] public string? Text { get; set; }
}
