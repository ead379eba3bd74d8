using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Links a push's hook call to the pusher's own connection. git runs the hook, not the pusher, so
/// the hook call cannot see the pusher leave (Ctrl-C); the receive-pack request registers its
/// abort token under an id that reaches the hook through git's environment (<c>PAAS_PUSH_ID</c>).
/// </summary>
public sealed class PushInterruptions
{
    public const string EnvironmentVariable = "PAAS_PUSH_ID";
    public const string Header = "X-Paas-Push";

    private readonly ConcurrentDictionary<string, CancellationToken> _pushes = new(StringComparer.Ordinal);

    /// <summary>Registers a push for as long as the returned lease lives.</summary>
    public Lease Begin(CancellationToken pusherGone)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _pushes[id] = pusherGone;
        return new Lease(this, id);
    }

    /// <summary>Fires when the pusher of <paramref name="id"/> has gone; never for an unknown id.</summary>
    public CancellationToken PusherGone(string? id) =>
        id is not null && _pushes.TryGetValue(id, out var token) ? token : CancellationToken.None;

    public sealed class Lease(PushInterruptions owner, string id) : IDisposable
    {
        public string Id { get; } = id;

        public void Dispose() => owner._pushes.TryRemove(Id, out _);
    }
}
