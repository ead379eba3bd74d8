using System.Net;
using System.Net.Http;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The one HTTP client every forwarded request goes out on: pooled keep-alive connections to the
/// instances, and nothing a proxy must not do to a request (no system proxy, cookies, redirects,
/// decompression or trace headers).
/// </summary>
public static class BackendClient
{
    public static HttpMessageInvoker Create() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        // No trace headers from the handler: it would hand the app an activity of its own, which nothing
        // exports, as the parent. ForwardedHeaders writes the gateway's span instead, when it traces.
        ActivityHeadersPropagator = null,
        // An instance that does not accept within this is treated as refused: the request is retried
        // elsewhere. An instance accepts within a millisecond on the node's bridge or a LAN; a dead
        // container's address answers nothing at all, and a client should not wait seconds for that.
        ConnectTimeout = TimeSpan.FromMilliseconds(500),
        // A connect dropped by a full accept queue is tried again after 50 ms, not the kernel's second
        // (a wake releases every held request at once).
        ConnectCallback = HedgedConnect.ConnectAsync,
        // Instances come and go with deploys; idle connections to retired ones should not linger.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
    }, disposeHandler: true);
}
