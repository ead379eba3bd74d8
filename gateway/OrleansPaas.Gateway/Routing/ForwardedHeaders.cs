using System.Net.Http;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Gateway.Telemetry;
using Yarp.ReverseProxy.Forwarder;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// What the gateway changes on a request (on top of YARP's header copy): apps see the Host the
/// browser asked for, and X-Forwarded-For/-Proto/-Host, X-Real-IP and Forwarded as the gateway saw
/// them. A client's own values are replaced, not appended to, as Dokku's nginx does, so an app can trust them.
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
        // The same facts in the other two spellings apps read, so no app trusts a client's own claim.
        Replace(headers, "X-Real-IP", httpContext.Connection.RemoteIpAddress?.ToString());
        Replace(headers, "Forwarded", Forwarded(httpContext));
        GatewaySpan.Propagate(headers);
    }

    /// <summary>RFC 7239's <c>for=…;host=…;proto=…</c> as the gateway saw the request (an IPv6 address quoted and bracketed).</summary>
    internal static string Forwarded(HttpContext httpContext)
    {
        var address = httpContext.Connection.RemoteIpAddress;
        if (address is { IsIPv4MappedToIPv6: true })
        {
            address = address.MapToIPv4();
        }

        var client = address switch
        {
            null => "unknown",
            { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => $"\"[{address}]\"",
            _ => address.ToString(),
        };
        var host = httpContext.Request.Host.Value ?? "";
        // A host is a token or a quoted string: quoted whenever it holds a character a token may not.
        var hostValue = host.Length > 0 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') ? host : $"\"{host.Replace("\\", "").Replace("\"", "")}\"";
        return $"for={client};host={hostValue};proto={httpContext.Request.Scheme}";
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
