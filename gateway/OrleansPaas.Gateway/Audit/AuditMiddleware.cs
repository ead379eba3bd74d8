using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansPaas.Apps;

namespace OrleansPaas.Gateway.Audit;

/// <summary>
/// Records each request of the control port that changed (or tried to change) something, and each
/// refused credential or role on any route, once the answer is known (and written once it is sent): who, from where, what, which
/// app, how it ended. Placed before authentication so a refusal answered there is seen too.
/// </summary>
public static class AuditMiddleware
{
    public static IApplicationBuilder UseAuditTrail(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var audit = RequestAudit.Of(context);
        var threw = false;
        try
        {
            await next(context);
        }
        catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The exception handler further out makes the answer (500, or 503 for storage); if the answer had already
            // begun, its status still says 200, so the outcome must say so itself.
            threw = true;
            throw;
        }
        finally
        {
            var trail = context.RequestServices.GetRequiredService<IAuditTrail>();
            // Recorded once the answer is out (with its final status), even when the client went away; the trail
            // queues it and writes in batches, so a command does not wait for the trail's storage.
            context.Response.OnCompleted(() =>
            {
                if (!ShouldRecord(context, audit))
                {
                    return Task.CompletedTask;
                }

                var status = context.Response.StatusCode;
                var outcome = audit.Outcome ?? (threw && status < 400 ? "error" : OutcomeOf(status));
                // A door that checked no credential itself (the dashboard's session cookie) knows its user from the ticket.
                var actor = audit.Actor != "-" ? audit.Actor : context.User.Identity?.Name ?? "-";
                return trail.RecordAsync(new AuditRecord(actor, SourceOf(context), ActionOf(context, audit), AppOf(context, audit), outcome, audit.Detail));
            });
        }
    });

    private static bool ShouldRecord(HttpContext context, RequestAudit audit)
    {
        if (context.Response.StatusCode == StatusCodes.Status429TooManyRequests
            && !context.RequestServices.GetRequiredService<LockedOutSources>().ShouldRecord(SourceOf(context)))
        {
            return false;
        }

        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            return audit.WasRefused;
        }

        var status = context.Response.StatusCode;
        // A request without credentials answered 401 is git's (or a browser's) first knock, not an attempt.
        var refused = audit.WasRefused || status is StatusCodes.Status403Forbidden or StatusCodes.Status429TooManyRequests;
        var declared = endpoint.Metadata.GetMetadata<AuditedAs>();
        var isChange = declared?.IsChange ?? (context.Request.Path.StartsWithSegments("/api") && !IsSafe(context.Request.Method));
        return refused || isChange;
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    public static string OutcomeOf(int status) => status switch
    {
        < 400 => $"ok ({status})",
        401 or 403 or 429 => $"refused ({status})",
        < 500 => $"failed ({status})",
        _ => $"error ({status})",
    };

    private static string ActionOf(HttpContext context, RequestAudit audit)
    {
        if (audit.Action is { } action)
        {
            return action;
        }

        var endpoint = context.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<AuditedAs>()?.Action
            ?? endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
            ?? $"{context.Request.Method} {(endpoint as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value}";
    }

    private static string? AppOf(HttpContext context, RequestAudit audit)
    {
        if (audit.App is { } app)
        {
            return app;
        }

        if (context.Request.RouteValues.TryGetValue("app", out var value) && value is string named)
        {
            return named;
        }

        return context.Request.RouteValues.TryGetValue("repository", out var repository) && repository is string git
            ? AppName.RepositoryStem(git)
            : null;
    }

    public static string SourceOf(HttpContext context) => context.Connection.RemoteIpAddress switch
    {
        null => "-",
        { IsIPv4MappedToIPv6: true } mapped => mapped.MapToIPv4().ToString(),
        IPAddress address => address.ToString(),
    };
}
