using Orleans.Concurrency;

namespace OrleansPaas.Tls;

/// <summary>
/// The versioned TLS table (key 0): app grains publish their certificates into it, the ACME
/// client its challenge answers; gateways long-poll it and hold a snapshot in memory, so a TLS
/// handshake never calls a grain.
/// </summary>
[Alias("paas.ITlsTableGrain")]
public interface ITlsTableGrain : IGrainWithIntegerKey
{
    [Alias("Publish")]
    Task<long> PublishAsync(TlsEntry entry);

    [Alias("Remove")]
    Task<long> RemoveAsync(string app);

    /// <summary>Serves <paramref name="keyAuthorization"/> at <c>/.well-known/acme-challenge/{token}</c> on every gateway.</summary>
    [Alias("SetChallenge")]
    Task<long> SetChallengeAsync(string token, string keyAuthorization);

    [Alias("RemoveChallenge")]
    Task<long> RemoveChallengeAsync(string token);

    /// <summary>
    /// Returns the table once it differs from (<paramref name="knownEpoch"/>, <paramref name="knownVersion"/>),
    /// or after <paramref name="wait"/>; the call also reports that <paramref name="gateway"/> holds that version.
    /// </summary>
    [AlwaysInterleave, Alias("WaitForChange")]
    Task<TlsSnapshot> WaitForChangeAsync(string gateway, long knownVersion, TimeSpan wait, Guid knownEpoch = default, CancellationToken cancellationToken = default);

    /// <summary>
    /// True once every live gateway holds <paramref name="version"/> or newer of this activation (an ACME answer
    /// is then served everywhere); live nodes whose gateway has not polled this activation yet count as behind.
    /// </summary>
    [AlwaysInterleave, Alias("WaitUntilApplied")]
    Task<bool> WaitUntilAppliedAsync(long version, TimeSpan timeout);
}
