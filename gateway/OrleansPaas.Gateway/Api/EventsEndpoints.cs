using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Access;
using OrleansPaas.Apps;
using OrleansPaas.Audit;
using OrleansPaas.Contracts.Events;
using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// <c>events:list</c>: the audit trail, oldest first; <c>?after=N</c> gives only newer entries (how <c>-t</c>
/// follows). A token limited to some apps sees only their entries.
/// </summary>
public static class EventsEndpoints
{
    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events", ListAsync).WithName("ListEvents");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext http, string? app, long? after, int? limit, IAuditTrail trail)
    {
        string? only = null;
        if (app is not null)
        {
            if (!AppName.TryParse(app, out var name, out var error))
            {
                return ApiResults.Invalid("app", error);
            }

            only = name.Value;
            if (AccessCheck.Refusal(http, AccessNeed.Read(only)) is { } refused)
            {
                return refused;
            }
        }

        if (limit is < 1 or > 10_000)
        {
            return ApiResults.Invalid("limit", "limit must be between 1 and 10000");
        }

        var principal = AccessCheck.PrincipalOf(http);
        var entries = await trail.ListAsync(new AuditQuery(only, after ?? 0, limit ?? 100, principal.CoversEveryApp ? null : principal.Apps));
        return Results.Ok(entries.Select(View).ToList());
    }

    private static EventView View(AuditEntry entry) => new()
    {
        Sequence = entry.Sequence,
        At = entry.At,
        Actor = entry.Actor,
        Source = entry.Source,
        Action = entry.Action,
        App = entry.App,
        Outcome = entry.Outcome,
        Detail = entry.Detail,
    };
}
