using System.Net;
using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The answer for an app that exists but has no instance to serve (stopped or scaled to zero):
/// 503 and a short page, instead of an empty 503.
/// </summary>
public static class UnavailableAppPage
{
    public static Task WriteAsync(HttpContext context, AppRoute route)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.RetryAfter = "30";
        var app = WebUtility.HtmlEncode(route.App);
        return context.Response.WriteAsync(
            $"<!doctype html><title>App unavailable</title><h1>{app} is {WebUtility.HtmlEncode(route.Unavailable)}</h1><p>OrleansPaas</p>\n");
    }
}
