using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Access;
using OrleansPaas.Gateway.Audit;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// The role check of the API, the metrics and the dashboard: the authenticated principal against what
/// the endpoint needs (<see cref="RequiresRole"/>, else by method) on the route's app, through
/// <see cref="AccessRule"/>. A refusal carries its sentence to <see cref="AccessRefusals"/>.
/// </summary>
public sealed class RoleRequirement : AuthorizationHandler<RoleRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleRequirement requirement)
    {
        if (context.Resource is not HttpContext http || PrincipalClaims.Read(context.User) is not { } principal)
        {
            // Not authenticated: the policy's authenticated-user requirement answers (401 or the login page).
            return Task.CompletedTask;
        }

        var refusal = AccessRule.Refusal(principal, NeedOf(http));
        if (refusal is null)
        {
            context.Succeed(requirement);
        }
        else
        {
            RequestAudit.Of(http).Refused(refusal);
            context.Fail(new AuthorizationFailureReason(this, refusal));
        }

        return Task.CompletedTask;
    }

    public static AccessNeed NeedOf(HttpContext http)
    {
        var declared = http.GetEndpoint()?.Metadata.GetMetadata<RequiresRole>();
        var role = declared?.Role ?? (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? PaasRole.Read : PaasRole.Deploy);
        var app = http.Request.RouteValues.TryGetValue("app", out var value) ? value as string : null;
        return new AccessNeed(role, app, declared?.EveryApp ?? false);
    }
}
