using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// Forwards sent to an instance that has not answered yet. When the routes drop an instance (its
/// container died, its node was declared dead, a deploy retired it), a forward still waiting on it
/// may never end: a killed container's address sends no reset, so a pooled connection or a connect
/// to it hangs until a timeout. Those forwards are cut off instead — at once when this node's engine
/// reports the container dead, else as soon as the instance accepts no connection (within
/// <see cref="AliveCheck"/>) — and the forwarder sends the idempotent ones to another instance
/// (<see cref="RetryOnRefusedConnection"/>); the others answer 502 at once, not after a hang. A forward
/// on an instance that is alive and draining (a deploy retired it) is left to finish there: cutting it
/// off raced with its answer arriving, and an answer cut off midway resets the client's connection
/// (seen in CI right at a deploy's route switch). A forward whose answer has begun is never touched.
/// </summary>
public sealed class PendingForwards(UnreachableInstances? unreachable = null)
{
    /// <summary>Whether a dropped instance is still there: a live one accepts a connect within a millisecond.</summary>
    public static readonly TimeSpan AliveCheck = TimeSpan.FromMilliseconds(300);

    private readonly ConcurrentDictionary<PendingForward, byte> _pending = new();

    /// <summary>Instances known dead or not accepting: a forward to a dead one is given up at once, and new requests go elsewhere.</summary>
    public UnreachableInstances Unreachable { get; } = unreachable ?? new UnreachableInstances();

    /// <summary>Tracks one attempt until it is disposed; its token is cancelled if the routes drop its instance first.</summary>
    public PendingForward Track(HttpContext context, string app, string destination, string? containerId = null)
    {
        var pending = new PendingForward(this, context, app, destination, containerId);
        _pending.TryAdd(pending, 0);
        if (Unreachable.IsDead(destination, containerId))
        {
            // Known dead before the routes say so: the forwarder gives up at once and the request goes elsewhere.
            pending.Drop();
        }

        return pending;
    }

    /// <summary>
    /// This node's engine reports <paramref name="containerId"/> at <paramref name="destination"/>
    /// dead: a request waiting on it gets no answer ever, so none waits for the route update (about
    /// a second later), and no new request goes there while the routes still have it.
    /// </summary>
    public void DropDead(string destination, string? containerId = null)
    {
        Unreachable.Died(destination, containerId);
        foreach (var pending in _pending.Keys)
        {
            if (pending.Destination == destination && !pending.Answered
                && (containerId is null || pending.ContainerId is null || pending.ContainerId == containerId))
            {
                pending.Drop();
            }
        }
    }

    /// <summary>Cuts off what waits on instances that <paramref name="routes"/> no longer has (one alive check per instance).</summary>
    public void DropGone(GatewayRoutes routes)
    {
        Unreachable.Update(routes);
        var gone = _pending.Keys
            .Where(pending => !pending.Answered && routes.ForApp(pending.App)?.Has(pending.Destination) != true)
            .GroupBy(pending => pending.Destination, StringComparer.Ordinal);
        foreach (var waiting in gone)
        {
            _ = DropIfDeadAsync(waiting.Key, [.. waiting]);
        }
    }

    /// <summary>Whether this node's engine reported the container the routes have at <paramref name="destination"/> dead.</summary>
    public bool IsDead(string destination, string? containerId = null) => Unreachable.IsDead(destination, containerId);
    internal void Forget(PendingForward pending) => _pending.TryRemove(pending, out _);

    private static async Task DropIfDeadAsync(string destination, IReadOnlyList<PendingForward> waiting)
    {
        if (!Uri.TryCreate(destination, UriKind.Absolute, out var uri))
        {
            return;
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(AliveCheck);
        try
        {
            await socket.ConnectAsync(uri.Host, uri.Port, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            foreach (var pending in waiting)
            {
                pending.Drop();
            }
        }
    }
}
