using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Configuration.Credentials;
using OrleansPaas.Gateway.Api;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Services.Transfers;

namespace OrleansPaas.Gateway.Consoles;

/// <summary>
/// <c>GET /internal/services/{name}/connect</c> on the internal listener: the console of a service on this node,
/// for another node that relays it (<see cref="ServiceConsoleRelay"/>). Only another node, by the cluster
/// certificate: that node checked the caller's token and recorded the request; no token crosses here.
/// </summary>
public static class ServiceConsoleInternalEndpoint
{
    public static IEndpointRouteBuilder MapServiceConsoleInternal(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ServiceConsolePaths.Route, ConnectAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task ConnectAsync(HttpContext context, string name, bool? tty, NodeCredential credential, IGrainFactory grains,
        ClusterNodes nodes, ServiceConsole console)
    {
        if (!credential.Admits(context.Connection.ClientCertificate))
        {
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "consoles are relayed only between nodes: on Paas:Cluster:InternalPort, with the cluster certificate as client certificate").ExecuteAsync(context);
            return;
        }

        var (refusal, info, source) = await ServiceConsoleEndpoints.LookUpAsync(context, name, grains);
        refusal ??= info!.Node != nodes.Local
            ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "On another node", detail: $"service '{name}' runs on node '{info.Node}', not this one")
            : null;
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        await console.RunAsync(source!, tty ?? false, socket, context.RequestAborted);
    }
}
