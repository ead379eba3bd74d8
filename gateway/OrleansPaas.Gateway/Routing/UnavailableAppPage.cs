using System.Net;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The answer for an app that exists but has no instance to serve (stopped or scaled to zero):
/// 503 and a short page, instead of YARP's empty 503.
/// </summary>
public static class UnavailableAppPage
{
    public const string MetadataKey = "paas.unavailable";

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (route.Metadata?.TryGetValue(MetadataKey, out var reason) != true)
        {
            await next();
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.RetryAfter = "30";
        var app = WebUtility.HtmlEncode(route.RouteId);
        await context.Response.WriteAsync(
            $"<!doctype html><title>App unavailable</title><h1>{app} is {WebUtility.HtmlEncode(reason)}</h1><p>OrleansPaas</p>\n");
    }
}
