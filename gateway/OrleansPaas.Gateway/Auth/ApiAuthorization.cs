using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansPaas.Gateway.Auth;

public static class ApiAuthorization
{
    /// <summary>The admin token (Bearer) and, for changes, no other site's Origin.</summary>
    public const string Policy = "admin";

    public static IServiceCollection AddPaasApiAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication(AdminTokenAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AdminTokenAuthentication>(AdminTokenAuthentication.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, SameOriginChanges>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(AdminTokenAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new SameOriginChanges()));
        return services;
    }
}
