using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// The API's authentication: the admin token or a named token as <c>Authorization: Bearer</c>, nothing
/// else. Basic is not taken here on purpose: a browser keeps Basic credentials (from a git URL) and
/// would send them with a form another site posts to the API. Running as authentication (before the
/// endpoint, so before its body is read or bound) means an unauthenticated caller costs nothing.
/// </summary>
public sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CredentialCheck credentials) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    // The refused check's result, for the challenge to answer with (it only runs where credentials were needed).
    private const string ResultItem = "paas:credential-result";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var bearer = header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) ? header.Parameter : null;
        // Another scheme is a credential too (and counted as refused): only its absence is a plain challenge.
        var result = credentials.Check(Context, bearer ?? (header.Parameter is null ? null : "-"));
        if (result.Principal is { } principal)
        {
            var ticket = new ClaimsPrincipal(new ClaimsIdentity(PrincipalClaims.For(principal), SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(ticket, SchemeName)));
        }

        Context.Items[ResultItem] = result;
        return Task.FromResult(AuthenticateResult.Fail(result.Reason ?? "the token was refused"));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ResultItem] is CredentialResult { Verdict: CredentialVerdict.TooMany or CredentialVerdict.Unavailable } result)
        {
            await CredentialCheck.Problem(Context, result).ExecuteAsync(Context);
            return;
        }

        Response.Headers.WWWAuthenticate = $"Bearer realm=\"{RequestCredentials.Realm}\"";
        var reason = (Context.Items[ResultItem] as CredentialResult)?.Reason ?? "no token was sent";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: $"{reason}; send the admin token or a token from tokens:create as 'Authorization: Bearer <token>'").ExecuteAsync(Context);
    }
}
