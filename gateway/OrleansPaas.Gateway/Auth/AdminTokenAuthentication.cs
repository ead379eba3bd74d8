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
    AdminToken token,
    FailedAuthentications failures) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminToken";

    // Set on a request whose credentials were refused, for the challenge to count (it only runs where they were needed).
    private const string RefusedItem = "paas:credentials-refused";
    private const string LockedOutItem = "paas:locked-out";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // A locked-out address is answered before the token is compared, so the answer says nothing about it.
        if (failures.IsLockedOut(Context))
        {
            Context.Items[LockedOutItem] = true;
            return Task.FromResult(AuthenticateResult.Fail("too many refused credentials from this address"));
        }

        if (!header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || !token.Matches(header.Parameter))
        {
            Context.Items[RefusedItem] = true;
            return Task.FromResult(AuthenticateResult.Fail("the token was refused"));
        }

        var admin = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(admin, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Counted here, where the credentials were needed: a route that takes none (or git's, which
        // counts its own) does not spend the address's refusals.
        if (Context.Items.ContainsKey(LockedOutItem) || (Context.Items.ContainsKey(RefusedItem) && !failures.TryRecord(Context)))
        {
            await FailedAuthentications.TooMany(Context).ExecuteAsync(Context);
            return;
        }

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
