using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using OrleansPaas.Access;
using OrleansPaas.Apps;
using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// The door of the git routes, before any repository is looked at. Git authenticates with Basic
/// credentials, which a browser caches and would send along with a request another site's page
/// makes; so what git never sends is refused: a browser's <c>Origin</c> or <c>Sec-Fetch-Site</c>
/// of another site, and (on the POSTs) any content type but git's own request type, which is
/// what a page's no-cors request cannot set. Then the credentials (<see cref="CredentialCheck"/>),
/// then the role: a clone needs read, a push deploy, on the app named.
/// </summary>
public static class GitRequestCheck
{
    /// <param name="service">The POST's service, whose request type the body must carry; null for the advertisement.</param>
    /// <param name="asked">The service the request is for (the advertisement's <c>?service=</c>), which sets the role needed.</param>
    public static IResult? Refusal(HttpContext context, CredentialCheck credentials, GitService? service, GitService? asked, string repository)
    {
        var request = context.Request;
        if (FromABrowserPage(request))
        {
            return Results.Text(
                "A request from a page of another site is refused: git sends no Origin or Sec-Fetch-Site header.\n",
                statusCode: StatusCodes.Status403Forbidden);
        }

        if (service is not null && !HasRequestType(request, service))
        {
            return Results.Text(
                $"Only git's own requests are served: the body must be sent as {service.RequestContentType}.\n",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var result = credentials.Check(context, RequestCredentials.Token(request) ?? (string.IsNullOrEmpty(request.Headers.Authorization) ? null : "-"));
        switch (result.Verdict)
        {
            case CredentialVerdict.TooMany:
                return FailedAuthentications.TooMany(context);
            case CredentialVerdict.Unavailable:
                return Results.Text(result.Reason + "\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            case CredentialVerdict.Missing or CredentialVerdict.Refused:
                return RequestCredentials.Challenge(result.Verdict == CredentialVerdict.Refused ? result.Reason : null);
        }

        // A name that does not parse is refused later, as git's own error; it names no app to check.
        // An unknown service is refused later too; until then it needs what a fetch needs.
        if (AppName.TryParseRepository(repository, out var app, out _) && AccessRule.Refusal(result.Principal!, (asked ?? GitService.UploadPack).Needs(app)) is { } refusal)
        {
            RequestAudit.Of(context).Refused(refusal);
            return Results.Text(refusal + "\n", statusCode: StatusCodes.Status403Forbidden);
        }

        return null;
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
