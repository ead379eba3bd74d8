using System.Security.Claims;
using OrleansPaas.Access;

namespace OrleansPaas.Gateway.Auth;

/// <summary>A <see cref="PaasPrincipal"/> carried as claims (the API's ticket, the dashboard's cookie) and read back.</summary>
public static class PrincipalClaims
{
    public const string RoleClaim = "paas:role";
    public const string AppClaim = "paas:app";

    public static IEnumerable<Claim> For(PaasPrincipal principal) =>
        [
            new Claim(ClaimTypes.Name, principal.Name),
            new Claim(RoleClaim, PaasRoles.Name(principal.Role)),
            .. principal.Apps.Select(app => new Claim(AppClaim, app)),
        ];

    /// <summary>The principal of an authenticated user; null when there is none (or its claims are not the platform's).</summary>
    public static PaasPrincipal? Read(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true || user.FindFirst(ClaimTypes.Name)?.Value is not { } name
            || !PaasRoles.TryParse(user.FindFirst(RoleClaim)?.Value, out var role))
        {
            return null;
        }

        return new PaasPrincipal(name, role, user.FindAll(AppClaim).Select(claim => claim.Value).ToList());
    }
}
