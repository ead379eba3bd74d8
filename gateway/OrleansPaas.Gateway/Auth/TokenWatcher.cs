using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Access;
using OrleansPaas.Configuration;
using OrleansPaas.Gateway.Tables;

namespace OrleansPaas.Gateway.Auth;

/// <summary>Keeps this node's copy of the token table (<see cref="TokenStore"/>) by long-polling the token table grain.</summary>
public sealed partial class TokenWatcher(IGrainFactory grains, TokenStore store, TimeProvider time, IOptions<PaasOptions> options,
    ILogger<TokenWatcher> logger) : TableWatcher<TokenSnapshot>
{
    protected override async Task<TokenSnapshot> PollAsync(Guid epoch, long version, TimeSpan wait, CancellationToken cancellationToken)
    {
        var sentAt = time.GetUtcNow();
        var snapshot = await grains.GetGrain<ITokenTableGrain>(0).WaitForChangeAsync(options.Value.NodeName, version, wait, epoch, store.TakeUsage(), cancellationToken);
        // Applied before it counts as confirmed, so a fresh copy is never an old one.
        if (snapshot.Epoch != epoch || snapshot.Version != version)
        {
            Apply(snapshot);
        }

        store.Confirm(sentAt);
        return snapshot;
    }

    protected override void Apply(TokenSnapshot snapshot)
    {
        if (snapshot.Version != store.Version)
        {
            store.Apply(snapshot);
            LogApplied(logger, snapshot.Version, snapshot.Tokens.Count);
        }
    }

    protected override void PollFailed(Exception exception) => LogPollFailed(logger, exception.Message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Token table v{Version} applied ({Count} tokens)")]
    private static partial void LogApplied(ILogger logger, long version, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach the token table (named tokens are refused on this node until it answers): {Reason}")]
    private static partial void LogPollFailed(ILogger logger, string reason);
}
