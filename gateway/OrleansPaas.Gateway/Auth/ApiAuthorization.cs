using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansPaas.Gateway.Auth;

public static class ApiAuthorization
{
    /// <summary>A token (Bearer) whose role reaches the route, and, for changes, no other site's Origin.</summary>
    public const string Policy = "token";

    public static IServiceCollection AddPaasApiAuthorization(this IServiceCollection services)
    {
        // No default scheme: the token handler runs only on routes whose policy names it (the API, the
        // metrics), so credentials a browser or git sends elsewhere are never checked (or counted) twice.
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, SameOriginChanges>();
        services.AddSingleton<IAuthorizationHandler, RoleRequirement>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessRefusals>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(TokenAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new SameOriginChanges(), new RoleRequirement()));
        return services;
    }
}
