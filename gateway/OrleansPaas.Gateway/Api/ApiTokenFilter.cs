using Microsoft.AspNetCore.Http;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Gateway.Api;

/// <summary>Every API call needs the admin token as a Bearer token (Basic with the token as password works too).</summary>
public sealed class ApiTokenFilter(AdminToken token) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (token.Matches(RequestCredentials.Token(context.HttpContext.Request)))
        {
            return await next(context);
        }

        context.HttpContext.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{RequestCredentials.Realm}\"";
        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: "the token was refused; send the admin token as 'Authorization: Bearer <token>'");
    }
}
