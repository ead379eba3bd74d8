using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// Retries an idempotent request without a body once on a different instance when the first
/// failed before anything reached the client (refused or reset connection, a response cut off
/// because the instance just died and the route update is on its way), so a crash or a deploy's
/// switch-over costs no failed request.
/// </summary>
public static class RetryOnRefusedConnection
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        // Load balancing narrows the feature's list to the one destination it picked: keep the choices.
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        await next();

        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || error.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyClient
            or ForwarderError.ResponseBodyClient or ForwarderError.NoAvailableDestinations || context.Response.HasStarted
            || !IsRetryable(context.Request) || proxy.ProxiedDestination is not { } failed)
        {
            return;
        }

        var others = candidates.Where(d => d != failed).ToList();
        if (others.Count == 0)
        {
            return;
        }

        proxy.AvailableDestinations = others;
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status200OK;
        await next();
    }

    // Only requests that can be sent twice safely and have no body that the first try consumed.
    private static bool IsRetryable(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        && request.ContentLength is null or 0 && !request.Headers.ContainsKey("Transfer-Encoding");
}
