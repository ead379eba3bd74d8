using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// Decides whether a failed forward may be sent once more to another instance: an idempotent
/// request without a body that failed before anything reached the client (refused or reset
/// connection, a response cut off because the instance just died and the route update is on its
/// way), so a crash or a deploy's switch-over costs no failed request. Costs nothing when nothing fails.
/// </summary>
public static class RetryOnRefusedConnection
{
    /// <param name="dropped">The routes dropped the instance while the request waited on it (<see cref="PendingForwards"/>):
    /// the forwarder reports that cancellation as a cancelled request, but the client is still there.</param>
    public static bool ShouldRetry(HttpContext context, ForwarderError error, bool dropped = false) =>
        (error is not (ForwarderError.None or ForwarderError.RequestCanceled or ForwarderError.RequestBodyClient
            or ForwarderError.ResponseBodyClient or ForwarderError.NoAvailableDestinations)
         || dropped && error != ForwarderError.None && !context.RequestAborted.IsCancellationRequested)
        && !context.Response.HasStarted
        && IsRetryable(context.Request);

    /// <summary>Undoes what the failed attempt set on the response, so the next one starts clean.</summary>
    public static void Reset(HttpContext context)
    {
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    // Only requests that can be sent twice safely and have no body that the first try consumed.
    public static bool IsRetryable(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        && request.ContentLength is null or 0 && !request.Headers.ContainsKey("Transfer-Encoding");
}
