using Orleans.Concurrency;

namespace OrleansPaas.Access;

/// <summary>
/// The named tokens of the cluster (key 0), kept in the platform's state and handed to every node
/// as a versioned table (the route and TLS tables' mechanism): a node checks a token against its
/// copy without a grain call, and a revoke returns only once every live node holds the table without it.
/// </summary>
[Alias("paas.ITokenTableGrain")]
public interface ITokenTableGrain : IGrainWithIntegerKey
{
    [Alias("Create")]
    Task<TokenCommandResult> CreateAsync(TokenCreation creation);

    /// <summary>Ends the token on every node: returns once every live node holds a table where it is revoked.</summary>
    [Alias("Revoke")]
    Task<TokenCommandResult> RevokeAsync(string name);

    /// <summary>The tokens not revoked, by name, with when each was last used.</summary>
    [AlwaysInterleave, Alias("List")]
    Task<IReadOnlyList<TokenRecord>> ListAsync();

    /// <summary>
    /// Returns the table once it differs from (<paramref name="knownEpoch"/>, <paramref name="knownVersion"/>), or after
    /// <paramref name="wait"/>; the call reports that <paramref name="node"/> holds that version, and when it last saw each token used.
    /// </summary>
    [AlwaysInterleave, Alias("WaitForChange")]
    Task<TokenSnapshot> WaitForChangeAsync(string node, long knownVersion, TimeSpan wait, Guid knownEpoch,
        IReadOnlyDictionary<string, DateTimeOffset> used, CancellationToken cancellationToken = default);
}
