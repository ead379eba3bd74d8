using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Dashboard.Session;

/// <summary>
/// The headers of every dashboard page: scripts, styles and connections only from this server, no
/// inline script (so an escaped-but-somehow-injected tag still cannot run), never inside a frame.
/// </summary>
public static class DashboardHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    public static void Apply(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.CacheControl = "no-store";
    }
}
