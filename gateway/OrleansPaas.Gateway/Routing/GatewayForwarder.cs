using System.Net;
using System.Net.Http;
using Microsoft.AspNetCore.Http;
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
    private readonly HttpMessageInvoker _client = BackendClient.Create();

    public GatewayForwarder(RouteSnapshotStore routes, IHttpForwarder forwarder)
    {
        _routes = routes;
        _forwarder = forwarder;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_routes.Current.TryGet(context.Request.Host.Host, out var route))
        {
            await UnknownHostPage.WriteAsync(context);
            return;
        }

        if (route.Unavailable is not null)
        {
            await UnavailableAppPage.WriteAsync(context, route);
            return;
        }

        var destination = route.Next();
        var error = await _forwarder.SendAsync(context, destination, _client, RequestConfig, ForwardedHeaders.Instance);
        if (error == ForwarderError.None || !RetryOnRefusedConnection.ShouldRetry(context, error) || route.Other(destination) is not { } other)
        {
            return;
        }

        RetryOnRefusedConnection.Reset(context);
        await _forwarder.SendAsync(context, other, _client, RequestConfig, ForwardedHeaders.Instance);
    }

    public void Dispose() => _client.Dispose();
}
