using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Tls;

/// <summary>
/// Plain HTTP for a host that has a certificate: 301 to the same URL over HTTPS, except ACME's
/// HTTP-01 path, which must stay reachable over plain HTTP for issuance and renewal.
/// </summary>
public sealed class HttpsRedirect(int httpsPort)
{
    public static readonly PathString AcmeChallengePath = new("/.well-known/acme-challenge");

    private readonly string _portSuffix = httpsPort == 443 ? "" : $":{httpsPort}";

    public static bool IsAcmeChallenge(HttpRequest request) => request.Path.StartsWithSegments(AcmeChallengePath);

    public Task WriteAsync(HttpContext context)
    {
        var request = context.Request;
        context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
        context.Response.Headers.Location = $"https://{request.Host.Host}{_portSuffix}{request.PathBase}{request.Path}{request.QueryString}";
        return Task.CompletedTask;
    }
}
