using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Access;
using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Gateway.Consoles;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.NodeServices.Services.Transfers;
using OrleansPaas.Services;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// <c>services:connect NAME</c>: psql or redis-cli in the service's container over a WebSocket (<see cref="ServiceConsole"/>).
/// On any node: the service's own node runs the console, another relays it from there (<see cref="ServiceConsoleRelay"/>).
/// </summary>
public static class ServiceConsoleEndpoints
{
    // A console reads and changes every linked app's data.
    private static readonly RequiresRole Admin = new(PaasRole.Admin, EveryApp: true);

    public static RouteGroupBuilder MapServiceConsole(this RouteGroupBuilder api)
    {
        // A console can read or change every linked app's data: in the audit trail although it is a GET.
        api.MapGet("/services/{name}/connect", ConnectAsync).WithName("ConnectService").WithMetadata(Admin, new AuditedAs("services:connect"));
        return api;
    }

    /// <summary>The service's node and console source, or the answer that refuses the request (a bad name, no WebSocket, no such service).</summary>
    internal static async Task<(IResult? Refusal, ServiceInfo? Info, ServiceBackupSource? Source)> LookUpAsync(HttpContext context, string name, IGrainFactory grains)
    {
        var refusal = ServiceName.Problem(name) is { } problem ? ApiResults.Invalid("name", problem)
            : !context.WebSockets.IsWebSocketRequest ? ApiResults.Invalid("connect", "services:connect takes a WebSocket request (paas services:connect NAME)")
            : null;
        var info = refusal is null ? await grains.GetGrain<IServiceGrain>(name).GetInfoAsync() : null;
        var source = info is null ? null : await grains.GetGrain<IServiceTransfersGrain>(name).ConsoleSourceAsync();
        refusal ??= info is null || source is null ? ApiResults.NotFound($"service '{name}' does not exist") : null;
        return (refusal, info, source);
    }

    private static async Task ConnectAsync(HttpContext context, string name, bool? tty, IGrainFactory grains, ClusterNodes nodes, ServiceConsole console,
        ServiceConsoleRelay relay)
    {
        var (refusal, info, source) = await LookUpAsync(context, name, grains);
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        if (info!.Node == nodes.Local)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await console.RunAsync(source!, tty ?? false, socket, context.RequestAborted);
            return;
        }

        // The container's engine is its node's: opened there first, so a node that cannot be reached is still a problem answer.
        var (remote, failure) = await relay.OpenAsync(info.Node, name, tty ?? false, context.RequestAborted);
        if (remote is null)
        {
            await Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Node unreachable", detail: failure).ExecuteAsync(context);
            return;
        }

        using (remote)
        {
            using var caller = await context.WebSockets.AcceptWebSocketAsync();
            await ServiceConsoleRelay.PipeAsync(caller, remote, info.Node, context.RequestAborted);
        }
    }
}
