using System.Net.Http;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Gateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// What the gateway changes on a request (on top of YARP's header copy): apps see the Host the
/// browser asked for, and X-Forwarded-For/-Proto/-Host as the gateway saw them. A client's own
/// X-Forwarded-* values are replaced, not appended to, as Dokku's nginx does, so an app can trust them.
/// While the gateway traces, the app also gets the gateway's span as its <c>traceparent</c>.
/// Written here rather than with YARP's transform builder: that one comes with YARP's whole
/// configuration stack, whose data-protection key ring alone is several MiB of an idle node.
/// </summary>
public sealed class ForwardedHeaders : HttpTransformer
{
    // Dokku's value: half a year, subdomains included.
    private const string HstsValue = "max-age=15724800; includeSubDomains";

    private readonly bool _hsts;

    private ForwardedHeaders(bool hsts) => _hsts = hsts;

    public static ForwardedHeaders Instance { get; } = new(hsts: false);

    /// <summary>For HTTPS answers of apps with HSTS on: the answer also carries Strict-Transport-Security.</summary>
    public static ForwardedHeaders WithHsts { get; } = new(hsts: true);

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (_hsts)
        {
            httpContext.Response.Headers.StrictTransportSecurity = HstsValue;
        }

        return copyBody;
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest,
        string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

        var request = httpContext.Request;
        var headers = proxyRequest.Headers;
        headers.Host = request.Host.Value;
        Replace(headers, "X-Forwarded-For", httpContext.Connection.RemoteIpAddress?.ToString());
        Replace(headers, "X-Forwarded-Proto", request.Scheme);
        Replace(headers, "X-Forwarded-Host", request.Host.Value);
        headers.Remove("X-Forwarded-Prefix");
        GatewaySpan.Propagate(headers);
    }

    private static void Replace(System.Net.Http.Headers.HttpRequestHeaders headers, string name, string? value)
    {
        headers.Remove(name);
        if (!string.IsNullOrEmpty(value))
        {
            headers.TryAddWithoutValidation(name, value);
        }
    }
}
