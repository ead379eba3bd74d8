using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;

namespace OrleansPaas.Gateway.Sleep;

/// <summary>
/// What a visitor of a sleeping app gets when the gateway does not hold the request: a waiting page
/// for browsers (with <c>sleep-page on</c>), or a 503 with Retry-After. The app's own failure stays in
/// <c>ps:report</c> and the logs: its output is not for the public.
/// </summary>
public static class WakeAnswers
{
    public static Task WritePageAsync(HttpContext context, string app) =>
        WriteAsync(context, TimeSpan.FromSeconds(2),
            $"<!doctype html><meta http-equiv=\"refresh\" content=\"2\"><title>Waking up</title><h1>{WebUtility.HtmlEncode(app)} is waking up</h1><p>This page reloads by itself in a moment.</p><p>OrleansPaas</p>\n");

    public static Task WriteFailedAsync(HttpContext context, string app, TimeSpan retryAfter) =>
        WriteAsync(context, retryAfter, $"<!doctype html><title>App unavailable</title><h1>{WebUtility.HtmlEncode(app)} could not be started</h1><p>OrleansPaas</p>\n");

    public static Task WriteTimedOutAsync(HttpContext context, string app) =>
        WriteAsync(context, TimeSpan.FromSeconds(5), $"<!doctype html><title>App unavailable</title><h1>{WebUtility.HtmlEncode(app)} is still waking up</h1><p>OrleansPaas</p>\n");

    public static Task WriteTooManyAsync(HttpContext context, string app) =>
        WriteAsync(context, TimeSpan.FromSeconds(5), $"<!doctype html><title>App unavailable</title><h1>{WebUtility.HtmlEncode(app)} is waking up and has too many requests waiting</h1><p>OrleansPaas</p>\n");

    /// <summary>A navigation by a browser (it asks for HTML), the only request a waiting page suits.</summary>
    public static bool IsBrowserNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static Task WriteAsync(HttpContext context, TimeSpan retryAfter, string page)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return context.Response.WriteAsync(page);
    }
}
