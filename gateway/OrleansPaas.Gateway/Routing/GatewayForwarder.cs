using System.Net;
using System.Net.Http;
using Microsoft.AspNetCore.Http;
using System.Diagnostics;
using OrleansPaas.Gateway.Sleep;
using OrleansPaas.Gateway.Telemetry;
using OrleansPaas.Gateway.Tls;
using Yarp.ReverseProxy.Forwarder;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The gateway's whole request path: the Host header picks the app from the in-memory routes (one
/// dictionary lookup), round robin picks an instance, YARP's forwarder relays request and response.
/// No endpoint routing, no per-request configuration: that is what the gateway benchmark measures.
/// </summary>
public sealed class GatewayForwarder : IDisposable
{
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        // Instances speak HTTP/1.1 in plain text; no upgrade negotiation per connection.
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private readonly RouteSnapshotStore _routes;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpsRedirect _redirect;
    private readonly WakeCoordinator _waking;
    private readonly GatewayMetrics _metrics;
    private readonly HttpMessageInvoker _client = BackendClient.Create();

    public GatewayForwarder(RouteSnapshotStore routes, IHttpForwarder forwarder, HttpsRedirect redirect, WakeCoordinator waking, GatewayMetrics metrics)
    {
        _routes = routes;
        _forwarder = forwarder;
        _redirect = redirect;
        _waking = waking;
        _metrics = metrics;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var routes = _routes.Current;
        if (AcmeChallengeAnswer.TryWrite(context, routes.Certificates, out var answered))
        {
            await answered;
            return;
        }

        if (!routes.TryGetHost(context.Request.Host.Host, out var host))
        {
            // Before the first snapshot every host is unknown: "try again shortly" is the truth, not "no app here".
            await (routes.NoSnapshotYet ? NoRoutesYetPage.WriteAsync(context) : UnknownHostPage.WriteAsync(context));
            return;
        }

        // Only while OTLP is on (null otherwise): one span per request, ended with its status code.
        var span = GatewaySpan.Start(context, host.Route.App);
        try
        {
            var transformer = ForwardedHeaders.Instance;
            if (host.Tls is { } tls)
            {
                if (!context.Request.IsHttps)
                {
                    if (!HttpsRedirect.IsAcmeChallenge(context.Request))
                    {
                        await _redirect.WriteAsync(context);
                        return;
                    }
                }
                else if (tls.Hsts)
                {
                    transformer = ForwardedHeaders.WithHsts;
                }
            }

            var route = host.Route;
            if (route.Sleeping)
            {
                // The one place a request waits on a grain: the app sleeps, and this wakes it.
                if (await _waking.HoldAsync(context, route) is not { } awake)
                {
                    return;
                }

                route = awake;
            }

            if (route.Unavailable is not null)
            {
                await UnavailableAppPage.WriteAsync(context, route);
                return;
            }

            // Counted while open, so a WebSocket or a streaming response keeps a sleepy app awake.
            var activity = route.Activity;
            var started = Stopwatch.GetTimestamp();
            activity.Begin();
            try
            {
                await ForwardAsync(context, route, transformer, span);
            }
            finally
            {
                var took = Stopwatch.GetElapsedTime(started);
                activity.End(context.Response.StatusCode, took);
                // A HEAD, 204 or 304 answer declares a length but sends no body.
                var sentBody = !HttpMethods.IsHead(context.Request.Method) && context.Response.StatusCode is not (204 or 304);
                activity.AddBytes(context.Request.ContentLength, sentBody ? context.Response.ContentLength : null);
                _metrics.Record(route.App, took);
            }
        }
        finally
        {
            if (span is not null)
            {
                GatewaySpan.End(span, context.Response.StatusCode);
            }
        }
    }

    private async Task ForwardAsync(HttpContext context, AppRoute route, HttpTransformer transformer, Activity? span)
    {
        var unreachable = _routes.Pending.Unreachable;
        var destination = route.Next(unreachable);
        GatewaySpan.Upstream(span, destination);
        ForwarderError error;
        bool dropped;
        using (var pending = _routes.Pending.Track(context, route.App, destination, route.ContainerAt(destination)))
        {
            error = await _forwarder.SendAsync(context, destination, _client, RequestConfig, transformer, pending.Token);
            dropped = pending.Dropped;
        }

        if (error == ForwarderError.None)
        {
            return;
        }

        NoteFailedConnect(context, route, destination);
        if (!RetryOnRefusedConnection.ShouldRetry(context, error, dropped))
        {
            return;
        }

        // The other instance as the newest routes have it: the failed one may be gone from them already.
        // An app whose only routed instance died waits a moment for the routes that bring its replacement.
        var current = _routes.Current.ForApp(route.App) ?? route;
        var other = current.Other(destination, unreachable)
            ?? (dropped ? await ReplacementAsync(route.App, destination, context.RequestAborted) : null);
        if (other is null)
        {
            return;
        }

        RetryOnRefusedConnection.Reset(context);
        GatewaySpan.Upstream(span, other);
        using var retried = _routes.Pending.Track(context, route.App, other, current.ContainerAt(other));
        if (await _forwarder.SendAsync(context, other, _client, RequestConfig, transformer, retried.Token) != ForwarderError.None)
        {
            NoteFailedConnect(context, current, other);
        }
    }

    /// <summary>An instance that did not accept the connection gets no new request for a while when its app has another.</summary>
    private void NoteFailedConnect(HttpContext context, AppRoute route, string destination)
    {
        if (UnreachableInstances.IsConnectFailure(context.Features.Get<IForwarderErrorFeature>()?.Exception))
        {
            _routes.Pending.Unreachable.FailedToConnect(destination, route.ContainerAt(destination));
        }
    }

    /// <summary>
    /// How long a request whose app's only routed instance died waits for the route update (the
    /// replacement, or the news that there is none) instead of failing at once.
    /// </summary>
    public static readonly TimeSpan WaitForReplacement = TimeSpan.FromSeconds(10);

    /// <summary>An instance of <paramref name="app"/> other than the dead one, from the next route snapshots; null when none comes in time.</summary>
    private async Task<string?> ReplacementAsync(string app, string dead, CancellationToken aborted)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        patience.CancelAfter(WaitForReplacement);
        return await _routes.WaitForAsync(
            routes => routes.ForApp(app) is { Count: > 0 } route && route.Other(dead, _routes.Pending.Unreachable) is { } other
                && !_routes.Pending.IsDead(other, route.ContainerAt(other)) ? other : null,
            patience.Token);
    }

    public void Dispose() => _client.Dispose();
}
