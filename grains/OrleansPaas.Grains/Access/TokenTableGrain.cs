using OrleansPaas.Access;
using OrleansPaas.Grains.Tables;
using OrleansPaas.NodeServices.Cluster;

namespace OrleansPaas.Grains.Access;

/// <summary>
/// The named tokens, stored as hashes and handed to every node as a versioned table. A change is
/// saved first and shown to the nodes after, so no node ever holds a token the store does not. A
/// revoke then waits until every live node reports holding the new version: once it returns, no node
/// accepts the token (a node that cannot reach this grain stops trusting its copy, see TokenStore).
/// Last-used times arrive with the nodes' polls and are saved on a timer, not on every request.
/// </summary>
public sealed class TokenTableGrain(
    [PersistentState("tokens", GrainStorage.Name)] IPersistentState<TokenTableState> state,
    ClusterNodes nodes,
    TimeProvider time) : Grain, ITokenTableGrain
{
    /// <summary>How long a revoke waits for the live nodes to confirm.</summary>
    public static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan CreateWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan SaveUsageEvery = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, DateTimeOffset> _usedSinceSave = new(StringComparer.Ordinal);
    private VersionedTable<TokenSnapshot> _table = null!;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Versions start from the clock, so every version of this activation is above any an earlier one handed out.
        _table = new VersionedTable<TokenSnapshot>(epoch => Snapshot(DateTime.UtcNow.Ticks, epoch), nodes.Live, gatewaysMayHoldEarlier: true, time);
        this.RegisterGrainTimer(SaveUsageAsync, new GrainTimerCreationOptions(SaveUsageEvery, SaveUsageEvery));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await SaveUsageAsync(cancellationToken);
        }
        catch (Exception)
        {
            // Last-used times are a convenience: one lost on the way down is not worth failing the deactivation.
        }
    }

    public async Task<TokenCommandResult> CreateAsync(TokenCreation creation)
    {
        if (TokenNames.Problem(creation.Name) is { } problem)
        {
            return TokenCommandResult.Fail(TokenCommandStatus.Invalid, problem);
        }

        if (creation.Role == PaasRole.Admin && creation.Apps.Count > 0)
        {
            return TokenCommandResult.Fail(TokenCommandStatus.Invalid, "an admin token covers every app; --app is for deploy and read tokens");
        }

        if (creation.Hash.Length != 64)
        {
            return TokenCommandResult.Fail(TokenCommandStatus.Invalid, "the token's hash must be a SHA-256 in hex");
        }

        if (state.State.Tokens.TryGetValue(creation.Name, out var existing) && existing.RevokedAt is null)
        {
            return TokenCommandResult.Fail(TokenCommandStatus.Conflict, $"a token named '{creation.Name}' exists; revoke it first or choose another name");
        }

        var now = time.GetUtcNow();
        if (creation.ExpiresAt is { } expires && expires <= now)
        {
            return TokenCommandResult.Fail(TokenCommandStatus.Invalid, "the token would expire before it is made; give a time in the future");
        }

        var record = new TokenRecord(creation.Name, creation.Role, creation.Apps.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            creation.Hash, now, creation.ExpiresAt);
        await ChangeAsync(tokens => tokens[record.Name] = record);
        // So the token works on every node once it is printed; a node that is slow to confirm only delays that.
        await _table.WaitUntilAppliedAsync(_table.Version, CreateWait);
        return TokenCommandResult.Ok(record);
    }

    public async Task<TokenCommandResult> RevokeAsync(string name)
    {
        if (!state.State.Tokens.TryGetValue(name, out var existing) || existing.RevokedAt is not null)
        {
            return TokenCommandResult.Fail(TokenCommandStatus.NotFound, $"there is no token named '{name}'");
        }

        var revoked = existing with { RevokedAt = time.GetUtcNow() };
        await ChangeAsync(tokens => tokens[name] = revoked);
        var version = _table.Version;
        if (!await _table.WaitUntilAppliedAsync(version, ConfirmTimeout))
        {
            var behind = _table.WaitedFor().Where(node => _table.AppliedBy(node) < version).Order(StringComparer.Ordinal);
            return TokenCommandResult.Fail(TokenCommandStatus.NotConfirmed,
                $"'{name}' is revoked, but the nodes {string.Join(", ", behind)} did not confirm within {ConfirmTimeout.TotalSeconds:0} s; they refuse it once they catch up");
        }

        return TokenCommandResult.Ok(revoked);
    }

    public Task<IReadOnlyList<TokenRecord>> ListAsync() =>
        Task.FromResult<IReadOnlyList<TokenRecord>>(state.State.Tokens.Values
            .Where(token => token.RevokedAt is null)
            .Select(token => _usedSinceSave.TryGetValue(token.Name, out var used) ? token with { LastUsedAt = used } : token)
            .OrderBy(token => token.Name, StringComparer.Ordinal)
            .ToList());

    public Task<TokenSnapshot> WaitForChangeAsync(string node, long knownVersion, TimeSpan wait, Guid knownEpoch,
        IReadOnlyDictionary<string, DateTimeOffset> used, CancellationToken cancellationToken = default)
    {
        foreach (var (name, at) in used)
        {
            if (state.State.Tokens.ContainsKey(name) && (!_usedSinceSave.TryGetValue(name, out var known) || known < at))
            {
                _usedSinceSave[name] = at;
            }
        }

        _table.Report(node, knownEpoch, knownVersion);
        return _table.WaitForChangeAsync(knownEpoch, knownVersion, wait, cancellationToken);
    }

    /// <summary>Changes the tokens, saves, and only then shows the nodes; a failed save leaves memory as it was.</summary>
    private async Task ChangeAsync(Action<Dictionary<string, TokenRecord>> change)
    {
        var before = new Dictionary<string, TokenRecord>(state.State.Tokens, StringComparer.Ordinal);
        change(state.State.Tokens);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Tokens = before;
            throw;
        }

        _table.Publish(Snapshot(_table.NextVersion, _table.Epoch));
    }

    private async Task SaveUsageAsync(CancellationToken _)
    {
        var changed = false;
        foreach (var (name, at) in _usedSinceSave)
        {
            if (state.State.Tokens.TryGetValue(name, out var token) && token.LastUsedAt != at)
            {
                state.State.Tokens[name] = token with { LastUsedAt = at };
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    private TokenSnapshot Snapshot(long version, Guid epoch) => new(version, state.State.Tokens.Values.ToList(), epoch);
}
