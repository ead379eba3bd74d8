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
        bool valid;
        try
        {
            valid = await antiforgery.IsRequestValidAsync(context.HttpContext);
        }
        catch (AntiforgeryValidationException refused) when (refused.InnerException is BadHttpRequestException { StatusCode: var status })
        {
            // The form could not be read at all (over the route's size limit, cut short): the server's reason, not a 500.
            return Results.Problem(statusCode: status, detail: status == StatusCodes.Status413PayloadTooLarge
                ? "the form is larger than this page ever sends" : "the form could not be read");
        }

        if (!valid)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                detail: "the form's antiforgery token is missing or wrong; reload the page and try again");
        }

        return await next(context);
    }
}
