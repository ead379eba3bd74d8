using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The answer while the gateway holds no route snapshot yet (its node just started, or the route
/// table waits for the reconciler to check the stored endpoints): 503 with Retry-After, so clients
/// and load balancers try again instead of taking a 404 for an app that exists.
/// </summary>
public static class NoRoutesYetPage
{
    public const string RetryAfterSeconds = "5";

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return context.Response.WriteAsync(
            "<!doctype html><title>Starting</title><h1>This node is starting; try again in a few seconds</h1><p>OrleansPaas</p>\n");
    }
}
