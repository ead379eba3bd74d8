using Microsoft.AspNetCore.Http;
using OrleansPaas.Access;
using OrleansPaas.Gateway.Audit;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// The role check for what a route's metadata cannot say (the app is in the body or the query): the
/// same rule, called by the handler before it changes anything.
/// </summary>
public static class AccessCheck
{
    public static PaasPrincipal PrincipalOf(HttpContext http) =>
        PrincipalClaims.Read(http.User) ?? throw new InvalidOperationException("the request was not authenticated");

    /// <summary>Null when allowed; else the 403 to answer (and the refusal noted for the audit trail).</summary>
    public static IResult? Refusal(HttpContext http, AccessNeed need)
    {
        if (AccessRule.Refusal(PrincipalOf(http), need) is not { } refusal)
        {
            return null;
        }

        RequestAudit.Of(http).Refused(refusal);
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: refusal);
    }
}
