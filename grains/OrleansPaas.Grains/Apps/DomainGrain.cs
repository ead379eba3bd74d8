using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Apps;

/// <summary>The owner of one host name. Being the single writer for the name is what makes "one app per domain" hold.</summary>
public sealed class DomainGrain(
    [PersistentState("domain", GrainStorage.Name)] IPersistentState<DomainState> state) : Grain, IDomainGrain
{
    public async Task<string> ClaimAsync(string app)
    {
        if (state.State.Owner is null)
        {
            state.State.Owner = app;
            await state.WriteStateAsync();
        }

        return state.State.Owner;
    }

    public async Task ReleaseAsync(string app)
    {
        if (state.State.Owner == app)
        {
            await state.ClearStateAsync();
            state.State = new DomainState();
        }
    }

    public Task<string?> OwnerAsync() => Task.FromResult(state.State.Owner);
}

[GenerateSerializer, Alias("paas.DomainState")]
public sealed class DomainState
{
    [Id(0)] public string? Owner { get; set; }
}
