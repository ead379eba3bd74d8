using System.Net;
using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Routing;

/// <summary>The answer for a host no app is served at: 404 and a short page naming the platform.</summary>
public static class UnknownHostPage
{
    public static Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html; charset=utf-8";
        var host = WebUtility.HtmlEncode(context.Request.Host.Host);
        return context.Response.WriteAsync(
            $"<!doctype html><title>No app here</title><h1>No app is served at {host}</h1><p>OrleansPaas</p>\n");
    }
}
