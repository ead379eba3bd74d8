using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// The API's authentication: the admin token as <c>Authorization: Bearer</c>, nothing else. Basic
/// is not taken here on purpose: a browser keeps Basic credentials (from a git URL) and would send
/// them with a form another site posts to the API. Running as authentication (before the
/// endpoint, so before its body is read or bound) means an unauthenticated caller costs nothing.
/// </summary>
public sealed class AdminTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminToken token) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || !token.Matches(header.Parameter))
        {
            return Task.FromResult(AuthenticateResult.Fail("the token was refused"));
        }

        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(admin, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"Bearer realm=\"{RequestCredentials.Realm}\"";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "the token was refused; send the admin token as 'Authorization: Bearer <token>'").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: "a change sent from another site's page is refused (its Origin is not this server)").ExecuteAsync(Context);
}
