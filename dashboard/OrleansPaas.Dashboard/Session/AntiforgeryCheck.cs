using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansPaas.Dashboard.Session;

/// <summary>
/// Every dashboard change (a form post) must carry the antiforgery token of a page this server
/// rendered for this browser; a post without it changes nothing and gets 400.
/// </summary>
public sealed class AntiforgeryCheck : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                detail: "the form's antiforgery token is missing or wrong; reload the page and try again");
        }

        return await next(context);
    }
}
