using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// A request that changes something and carries an <c>Origin</c> must come from this server's own
/// pages: a browser always sends Origin on a cross-site POST/PUT/PATCH/DELETE, and the CLI and git
/// send none. The second line of defence against cross-site requests, after Bearer-only.
/// </summary>
public sealed class SameOriginChanges : AuthorizationHandler<SameOriginChanges>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SameOriginChanges requirement)
    {
        if (context.Resource is not HttpContext http || IsSafe(http.Request.Method) || IsOwnOrigin(http.Request))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, "a change sent from another site's page is refused (its Origin is not this server)"));
        }

        return Task.CompletedTask;
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static bool IsOwnOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0
            || string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }
}
