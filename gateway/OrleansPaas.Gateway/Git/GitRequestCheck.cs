using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// The door of the git routes, before any repository is looked at. Git authenticates with Basic
/// credentials, which a browser caches and would send along with a request another site's page
/// makes; so what git never sends is refused: a browser's <c>Origin</c> or <c>Sec-Fetch-Site</c>
/// of another site, and (on the POSTs) any content type but git's own request type, which is
/// what a page's no-cors request cannot set. Then the credentials, with refusals counted.
/// </summary>
public static class GitRequestCheck
{
    /// <param name="service">The POST's service, whose request type the body must carry; null for the advertisement.</param>
    public static Task<IResult?> RefusalAsync(HttpContext context, AdminToken token, FailedAuthentications failures, GitService? service)
    {
        var request = context.Request;
        if (FromABrowserPage(request))
        {
            return Task.FromResult<IResult?>(Results.Text(
                "A request from a page of another site is refused: git sends no Origin or Sec-Fetch-Site header.\n",
                statusCode: StatusCodes.Status403Forbidden));
        }

        if (service is not null && !HasRequestType(request, service))
        {
            return Task.FromResult<IResult?>(Results.Text(
                $"Only git's own requests are served: the body must be sent as {service.RequestContentType}.\n",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        return Task.FromResult(CredentialCheck.Check(context, token, failures) switch
        {
            CredentialVerdict.Accepted => null,
            CredentialVerdict.TooMany => FailedAuthentications.TooMany(context),
            _ => RequestCredentials.Challenge(),
        });
    }

    /// <summary>
    /// Any Origin (git sends none; this server's own pages never call git), or a fetch the browser
    /// marks as made by a page (sent even where a GET carries no Origin; "none" is a typed address).
    /// </summary>
    private static bool FromABrowserPage(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return !string.IsNullOrEmpty(request.Headers.Origin) || (site.Length > 0 && !site.Equals("none", StringComparison.OrdinalIgnoreCase));
    }

    private static bool HasRequestType(HttpRequest request, GitService service) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals(service.RequestContentType, StringComparison.OrdinalIgnoreCase);
}
