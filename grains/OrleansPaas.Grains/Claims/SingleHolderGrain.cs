namespace OrleansPaas.Grains.Claims;

/// <summary>
/// One name that one app at most may hold, cluster-wide (a domain, a host port). Being the single
/// writer for the name is what makes "one app per name" hold: the first claim wins and is stored,
/// later claims learn who holds it, and only the holder can release it.
/// </summary>
public abstract class SingleHolderGrain<TState>(IPersistentState<TState> state) : Grain
    where TState : class, IHolderState, new()
{
    /// <summary>Claims the name for <paramref name="app"/> if nobody holds it; returns the holder either way.</summary>
    public async Task<string> ClaimAsync(string app)
    {
        if (state.State.Holder is null)
        {
            state.State.Holder = app;
            await state.WriteStateAsync();
        }

        return state.State.Holder;
    }

    /// <summary>Frees the name when <paramref name="app"/> holds it; a release by anyone else changes nothing.</summary>
    public async Task ReleaseAsync(string app)
    {
        if (state.State.Holder == app)
        {
            await state.ClearStateAsync();
            state.State = new TState();
        }
    }

    protected string? Holder => state.State.Holder;
}
