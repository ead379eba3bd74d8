using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// Forwards sent to an instance that has not answered yet. When the routes drop an instance (its
/// container died, its node was declared dead, a deploy retired it), a forward still waiting on it
/// may never end: a killed container's address sends no reset, so a pooled connection or a connect
/// to it hangs until a timeout. Those forwards are cut off at once instead, and the forwarder sends
/// the idempotent ones to another instance (<see cref="RetryOnRefusedConnection"/>). A request that
/// must not be sent twice (a POST), or has no other instance to go to, is cut off only when its
/// instance accepts no connection any more — it answers 502 at once, not after a hang — and is left
/// alone on an instance that is alive and draining. A forward whose answer has begun is never touched.
/// </summary>
public sealed class PendingForwards
{
    /// <summary>Whether a dropped instance is still there: a live one accepts a connect within a millisecond.</summary>
    public static readonly TimeSpan AliveCheck = TimeSpan.FromMilliseconds(300);

    private readonly ConcurrentDictionary<PendingForward, byte> _pending = new();

    /// <summary>Tracks one attempt until it is disposed; its token is cancelled if the routes drop its instance first.</summary>
    public PendingForward Track(HttpContext context, string app, string destination)
    {
        var pending = new PendingForward(this, context, app, destination);
        _pending.TryAdd(pending, 0);
        return pending;
    }

    /// <summary>Cuts off what waits on instances that <paramref name="routes"/> no longer has.</summary>
    public void DropGone(GatewayRoutes routes)
    {
        foreach (var pending in _pending.Keys)
        {
            var route = routes.ForApp(pending.App);
            if (route is not null && route.Has(pending.Destination) || pending.Context.Response.HasStarted)
            {
                continue;
            }

            // Sent again elsewhere at once when there is an elsewhere; otherwise (an app going to
            // sleep, its last instance replaced) it may finish where it is, unless that is dead.
            if (RetryOnRefusedConnection.IsRetryable(pending.Context.Request) && route?.Other(pending.Destination) is not null)
            {
                pending.Drop();
            }
            else
            {
                _ = DropIfDeadAsync(pending);
            }
        }
    }

    internal void Forget(PendingForward pending) => _pending.TryRemove(pending, out _);

    private static async Task DropIfDeadAsync(PendingForward pending)
    {
        if (!Uri.TryCreate(pending.Destination, UriKind.Absolute, out var uri))
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
            pending.Drop();
        }
    }
}
