using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// Gives error responses the framework produces without a body (unreadable JSON, unknown path,
/// wrong method) a problem-details body with a sentence a person can act on.
/// </summary>
public static class EmptyErrorProblems
{
    public static IApplicationBuilder UseEmptyErrorProblems(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var detail = http.Response.StatusCode switch
            {
                StatusCodes.Status400BadRequest => "the request could not be read: send a JSON body of the documented shape (see /openapi/v1.json)",
                StatusCodes.Status404NotFound => $"nothing is served at {http.Request.Path}; see /openapi/v1.json",
                StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}",
                StatusCodes.Status415UnsupportedMediaType => "send the body as application/json",
                _ => null,
            };
            await Results.Problem(statusCode: http.Response.StatusCode, detail: detail).ExecuteAsync(http);
        });
}
