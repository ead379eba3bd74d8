using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;
using OrleansPaas.Access;
using OrleansPaas.Dashboard.Live;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Dashboard.Session;

/// <summary>
/// The dashboard's sign-in: the admin token or a named token typed into a form once, then a session cookie that is
/// HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it) and Secure when
/// the control port serves HTTPS. It is a scheme of its own: <c>/api</c> keeps taking Bearer only.
/// </summary>
public static class DashboardSession
{
    public const string Scheme = "DashboardSession";

    /// <summary>The policy of every dashboard page, feed and action.</summary>
    public const string Policy = "dashboard";

    public const string CookieName = "paas_session";

    /// <summary>How long a session lasts without use; also how long a logged-out session is remembered as ended.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static IServiceCollection AddDashboardSession(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = Lifetime;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = LoginEndpoints.LoginPath;
            cookie.ReturnUrlParameter = "returnUrl";
            // A session is for the token it was opened with: when the admin token changes, or the named
            // token is revoked or expires, it ends (checked on every request, against the same copy of
            // the token table the API uses). And one that was logged out stays ended, whoever holds a copy of its cookie.
            cookie.Events.OnValidatePrincipal = async context =>
            {
                var revoked = context.HttpContext.RequestServices.GetRequiredService<RevokedSessions>();
                var session = context.Principal?.FindFirst(SessionClaim)?.Value;
                if (!StillValid(context.HttpContext.RequestServices, context.Principal) || session is null || revoked.IsRevoked(session))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(Scheme);
                }
            };
            // A page goes to the login form; a feed or a script's call gets a plain 401 instead of a redirect.
            cookie.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.Path.StartsWithSegments(LiveEndpoints.Prefix))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
        });
        services.AddSingleton<RevokedSessions>();
        // The same role rule as the API: pages need read on their app, actions deploy.
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new RoleRequirement()));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "paas_antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.FormFieldName = AntiforgeryField;
        });
        return services;
    }

    /// <summary>The claim that ties a session to the admin token it was opened with.</summary>
    public const string TokenClaim = "paas:token";

    /// <summary>The session's own random id, which logging out revokes (<see cref="RevokedSessions"/>).</summary>
    public const string SessionClaim = "paas:session";

    /// <summary>A hash of the token (never the token itself, even sealed in the cookie); for a named token, the hash the table keeps.</summary>
    public static string TokenFingerprint(string token) => TokenHash.Of(token);

    /// <summary>True while the session's token still checks out, with the role and apps the session was opened with.</summary>
    private static bool StillValid(IServiceProvider services, ClaimsPrincipal? user)
    {
        if (user?.FindFirst(TokenClaim)?.Value is not { } fingerprint || PrincipalClaims.Read(user) is not { } principal)
        {
            return false;
        }

        if (string.Equals(fingerprint, TokenFingerprint(services.GetRequiredService<AdminToken>().Value), StringComparison.OrdinalIgnoreCase))
        {
            return principal.Name == PaasPrincipal.AdminName && principal.Role == PaasRole.Admin;
        }

        var lookup = services.GetRequiredService<TokenStore>().FindHash(fingerprint);
        return lookup is { Status: TokenLookupStatus.Valid, Token: { } token } && token.Name == principal.Name;
    }

    /// <summary>The hidden field every dashboard form carries.</summary>
    public const string AntiforgeryField = "__antiforgery";
}
