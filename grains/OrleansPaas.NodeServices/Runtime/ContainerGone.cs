using System.Net;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// Engine answers to a stop or removal that mean the container is gone or on its way out: another
/// caller (a retirement, a reconciliation, <c>apps:destroy</c>) stopped or removed it first. What was
/// asked (stopped, removed) holds all the same, so these are not failures.
/// </summary>
public static class ContainerGone
{
    public static bool Says(HttpStatusCode status, string? body) => status switch
    {
        HttpStatusCode.NotFound => true,
        HttpStatusCode.Conflict => body is not null
            && (body.Contains("already in progress", StringComparison.Ordinal) || body.Contains("marked for removal", StringComparison.Ordinal)),
        _ => false,
    };
}
