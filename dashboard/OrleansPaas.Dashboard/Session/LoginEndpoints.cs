using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Dashboard.Pages;
using OrleansPaas.Access;
using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Dashboard.Session;

/// <summary><c>/login</c> (the form and its post) and <c>/logout</c>.</summary>
public static class LoginEndpoints
{
    public const string LoginPath = "/login";

    public static IEndpointRouteBuilder MapDashboardLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(LoginPath, (HttpContext http, IAntiforgery antiforgery, string? returnUrl) =>
            Form(http, antiforgery, returnUrl, error: null)).ExcludeFromDescription();
        // The lockout comes first and the size limit applies before anything reads the form (the
        // antiforgery check is the first to): a refused or oversized post costs next to nothing.
        endpoints.MapPost(LoginPath, LoginAsync).WithMetadata(new LoginRequestSizeLimit(), new AuditedAs("dashboard:login")).AddEndpointFilter<LoginLockout>()
            .AddEndpointFilter<AntiforgeryCheck>().DisableAntiforgery().ExcludeFromDescription();
        endpoints.MapPost("/logout", LogoutAsync).WithMetadata(new RequiresRole(PaasRole.Read), new AuditedAs("dashboard:logout", IsChange: false))
            .AddEndpointFilter<AntiforgeryCheck>().DisableAntiforgery()
            .RequireAuthorization(DashboardSession.Policy).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(HttpContext http, IAntiforgery antiforgery, CredentialCheck credentials)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        var token = form["token"].ToString();
        var result = credentials.Check(http, token.Length == 0 ? "-" : token);
        switch (result.Verdict)
        {
            case CredentialVerdict.TooMany:
                return TooMany(http, antiforgery);
            case CredentialVerdict.Unavailable:
                return Form(http, antiforgery, returnUrl, "This node cannot check named tokens just now; try again shortly.", StatusCodes.Status503ServiceUnavailable);
            case not CredentialVerdict.Accepted:
                return Form(http, antiforgery, returnUrl, "That token was refused.", StatusCodes.Status401Unauthorized);
        }

        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [
                .. PrincipalClaims.For(result.Principal!),
                new Claim(DashboardSession.TokenClaim, DashboardSession.TokenFingerprint(token)),
                new Claim(DashboardSession.SessionClaim, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))),
            ],
            DashboardSession.Scheme));
        await http.SignInAsync(DashboardSession.Scheme, user);
        // Only a path on this server: an open redirect would let a link send the user anywhere after logging in.
        return Results.Redirect(IsLocalPath(returnUrl) ? returnUrl : "/");
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, RevokedSessions revoked, TimeProvider time)
    {
        // Ended on the server too: a copy of the cookie must not outlive the logout.
        if (http.User.FindFirst(DashboardSession.SessionClaim)?.Value is { } session)
        {
            revoked.Revoke(session, time.GetUtcNow() + DashboardSession.Lifetime);
        }

        await http.SignOutAsync(DashboardSession.Scheme);
        return Results.Redirect(LoginPath);
    }

    /// <summary>The form again, saying why nothing was checked: the address used up its refusals.</summary>
    internal static IResult TooMany(HttpContext http, IAntiforgery antiforgery)
    {
        FailedAuthentications.SetRetryAfter(http);
        return Form(http, antiforgery, returnUrl: null, "Too many refused tokens from this address; try again in a minute.", StatusCodes.Status429TooManyRequests);
    }

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string? returnUrl, string? error, int status = StatusCodes.Status200OK)
    {
        // The form is only ever served by this server: no frame, nothing from elsewhere.
        DashboardHeaders.Apply(http.Response);
        var tokens = antiforgery.GetAndStoreTokens(http);
        return new RazorComponentResult<LoginPage>(new
        {
            Antiforgery = tokens.RequestToken!,
            ReturnUrl = IsLocalPath(returnUrl) ? returnUrl : "/",
            Error = error,
        })
        { StatusCode = status };
    }

    /// <summary>
    /// The framework's local-URL check: besides <c>//host</c> and <c>/\host</c> it refuses control
    /// characters after the slash (<c>/\t/host</c> survives the header, and browsers drop the tab).
    /// Its <c>~/</c> form is not taken: the browser, not this server, would resolve it.
    /// </summary>
    internal static bool IsLocalPath(string? url) => url is ['/', ..] && RedirectHttpResult.IsLocalUrl(url);
}
