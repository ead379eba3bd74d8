using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPaas.Access;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Configuration;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Contracts.Ports;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// <c>ports:add|remove|list</c> (Dokku's names): TCP and UDP host ports published to an app's one
/// ported instance. A port is refused before anything is stored when it is malformed, privileged
/// without the flag, the platform's, another app's, or in use on this node.
/// </summary>
public static class PortsEndpoints
{
    public static RouteGroupBuilder MapPorts(this RouteGroupBuilder api)
    {
        api.MapGet("/apps/{app}/ports", ListAsync).WithName("ListPorts");
        api.MapPost("/apps/{app}/ports", AddAsync).WithName("AddPort");
        api.MapDelete("/apps/{app}/ports/{spec}", RemoveAsync).WithName("RemovePort");
        return api;
    }

    private static async Task<IResult> ListAsync(string app, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var (info, missing) = await handle.InfoAsync();
        return missing ?? Results.Ok(Report(info!));
    }

    private static async Task<IResult> AddAsync(string app, AddPortRequest request, IGrainFactory grains, IOptions<PaasOptions> options, HttpContext http)
    {
        if (PortSpec.Parse(request.Spec, request.AllowPrivileged, out var port) is { } invalid)
        {
            return ApiResults.Invalid("port", invalid);
        }

        // A port below 1024 is the node's own kind of port (ssh, http, dns): only an admin publishes one.
        if (port.HostPort < 1024 && AccessCheck.Refusal(http, AccessNeed.Admin) is { } refused)
        {
            return refused;
        }

        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var (info, missing) = await handle.InfoAsync();
        if (missing is not null)
        {
            return missing;
        }

        if (PlatformPorts.Holder(options.Value, port) is { } platform)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: $"host port {port.HostKey} is {platform}");
        }

        // A port the app publishes already is bound by its own instance; any other bound port is someone else's.
        var own = info!.Attachments?.Ports.Any(p => p.HostKey == port.HostKey) == true;
        if (!own && HostPortProbe.InUse(port, PublishedPorts.PublicAddress(options.Value)))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict",
                detail: $"host port {port.HostKey} is in use on node {options.Value.NodeName} by a program outside the platform's apps");
        }

        return ApiResults.From(await handle.Grain.ChangeAttachmentsAsync(new AttachmentChange(AttachmentChangeKind.AddPort, Port: port)), Report);
    }

    private static async Task<IResult> RemoveAsync(string app, string spec, IGrainFactory grains)
    {
        // Removing needs no flag: the port was allowed when it was added.
        if (PortSpec.Parse(spec, allowPrivileged: true, out var port) is { } invalid)
        {
            return ApiResults.Invalid("port", invalid);
        }

        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        return ApiResults.From(await handle.Grain.ChangeAttachmentsAsync(new AttachmentChange(AttachmentChangeKind.RemovePort, Port: port)), Report);
    }

    public static PortsReport Report(AppInfo app)
    {
        var ports = app.Attachments?.Ports ?? [];
        var process = ports.Count == 0 ? null : ContainerAttachments.PortedProcess(app.CurrentRelease?.ProcessTypes);
        return new PortsReport
        {
            Ports = ports.Select(p => new PortView { Spec = p.ToString(), Protocol = p.Protocol, HostPort = p.HostPort, ContainerPort = p.ContainerPort }).ToList(),
            Process = process,
            Node = app.Instances.FirstOrDefault(i => i.Process == process)?.Node,
        };
    }
}
