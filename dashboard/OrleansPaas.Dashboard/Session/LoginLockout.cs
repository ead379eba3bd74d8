using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Dashboard.Session;

/// <summary>
/// A login post from an address that used up its refusals (<see cref="CredentialCheck"/>'s lockout) is
/// answered 429 before its form is read or its token compared, whatever the token.
/// </summary>
public sealed class LoginLockout : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.RequestServices.GetRequiredService<CredentialCheck>().IsLockedOut(http))
        {
            return LoginEndpoints.TooMany(http, http.RequestServices.GetRequiredService<IAntiforgery>());
        }

        return await next(context);
    }
}
