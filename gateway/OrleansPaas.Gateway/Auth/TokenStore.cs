using System.Collections.Concurrent;
using OrleansPaas.Access;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// This node's copy of the token table (hash → token), kept by <see cref="TokenWatcher"/>: a token
/// is checked without a grain call. The copy is trusted only while it is fresh: a revoke waits for
/// every node the table has heard from within its gateway expiry (60 s), so a node that has not
/// reached the table for <see cref="TrustFor"/> (less than that, counted from when its last poll was
/// sent) refuses named tokens rather than accept one the cluster may have revoked.
/// </summary>
public sealed class TokenStore(TimeProvider time)
{
    public static readonly TimeSpan TrustFor = TimeSpan.FromSeconds(45);

    private volatile IReadOnlyDictionary<string, TokenRecord> _byHash = new Dictionary<string, TokenRecord>();
    // Never confirmed: ticks 0 (year 1), so a node is not fresh until its first poll returns.
    private long _confirmedAtTicks;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);

    public long Version { get; private set; }

    public void Apply(TokenSnapshot snapshot)
    {
        _byHash = snapshot.Tokens.ToDictionary(token => token.Hash, StringComparer.Ordinal);
        Version = snapshot.Version;
    }

    /// <summary>The table answered a poll sent at <paramref name="sentAt"/>: what this node holds was current then.</summary>
    public void Confirm(DateTimeOffset sentAt) => Interlocked.Exchange(ref _confirmedAtTicks, sentAt.UtcTicks);

    public bool IsFresh => time.GetUtcNow().UtcTicks - Interlocked.Read(ref _confirmedAtTicks) < TrustFor.Ticks;

    public TokenLookup Find(string token)
    {
        if (!token.StartsWith(TokenHash.Prefix, StringComparison.Ordinal))
        {
            return new TokenLookup(TokenLookupStatus.Unknown);
        }

        return FindHash(TokenHash.Of(token));
    }

    /// <summary>Looks a token up by its hash (a dashboard session keeps the hash, never the token).</summary>
    public TokenLookup FindHash(string hash)
    {
        if (!IsFresh)
        {
            return new TokenLookup(TokenLookupStatus.Unavailable);
        }

        if (!_byHash.TryGetValue(hash.ToLowerInvariant(), out var record))
        {
            return new TokenLookup(TokenLookupStatus.Unknown);
        }

        var now = time.GetUtcNow();
        if (record.RevokedAt is not null)
        {
            return new TokenLookup(TokenLookupStatus.Revoked, record);
        }

        if (record.ExpiresAt is { } expires && expires <= now)
        {
            return new TokenLookup(TokenLookupStatus.Expired, record);
        }

        _used[record.Name] = now;
        return new TokenLookup(TokenLookupStatus.Valid, record);
    }

    /// <summary>The tokens used since the last call, with when; handed to the table with the next poll.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> TakeUsage()
    {
        var taken = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var name in _used.Keys)
        {
            if (_used.TryRemove(name, out var at))
            {
                taken[name] = at;
            }
        }

        return taken;
    }
}
