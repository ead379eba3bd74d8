using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Configuration;
using OrleansPaas.Contracts.Storage;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Nodes;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// <c>storage:create|mount|unmount|list</c> (Dokku's names). A host directory is the node's own file
/// system, so mounting one is the admin's; every path is checked here before the app's grain is asked.
/// </summary>
public static class StorageEndpoints
{
    public static RouteGroupBuilder MapStorage(this RouteGroupBuilder api)
    {
        api.MapGet("/apps/{app}/storage", ListAsync).WithName("ListStorage");
        api.MapPost("/apps/{app}/storage/volumes", CreateAsync).WithName("CreateVolume");
        api.MapPost("/apps/{app}/storage/volumes/{volume}/move", MoveAsync).WithName("MoveVolume");
        api.MapPost("/apps/{app}/storage/mounts", MountAsync).WithName("MountHostDirectory").WithMetadata(RequiresRole.Admin);
        // The mount is named in the query: a container path has slashes a route segment cannot carry.
        api.MapDelete("/apps/{app}/storage", (string app, string mount, IGrainFactory grains) =>
            ChangeAsync(app, grains, new AttachmentChange(AttachmentChangeKind.RemoveMount, Value: mount))).WithName("Unmount");
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

    private static Task<IResult> CreateAsync(string app, CreateVolumeRequest request, IGrainFactory grains)
    {
        if ((StoragePaths.VolumeNameRefusal(request.Name ?? "") ?? StoragePaths.ContainerPathRefusal(request.ContainerPath ?? "")) is { } refused)
        {
            return Task.FromResult(ApiResults.Invalid("storage", refused));
        }

        // Checked before: the name is a valid app name, so the engine's volume name is one too.
        var volume = AppName.TryParse(app, out var name, out _) ? StorageMount.VolumeName(name.Value, request.Name!) : "";
        return ChangeAsync(app, grains, new AttachmentChange(AttachmentChangeKind.AddMount,
            new StorageMount(request.Name!, volume, StoragePaths.Normalize(request.ContainerPath!), HostDirectory: false)));
    }

    private static async Task<IResult> MountAsync(string app, MountRequest request, IGrainFactory grains, IOptions<PaasOptions> options)
    {
        if ((StoragePaths.HostPathRefusal(request.HostPath ?? "", options.Value.DataDir) ?? StoragePaths.ContainerPathRefusal(request.ContainerPath ?? "")) is { } refused)
        {
            return ApiResults.Invalid("storage", refused);
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

        // Links are followed where the directory will be mounted: the app's storage node, else where it
        // runs, else here (before the first deploy; the node that starts it checks again, as before every start).
        var node = info!.StorageNode ?? info.Instances.Select(i => i.Node).FirstOrDefault(n => n.Length > 0) ?? options.Value.NodeName;
        var host = StoragePaths.Normalize(request.HostPath!);
        if (await grains.Node(node).HostPathRefusalAsync(host) is { } linked)
        {
            return ApiResults.Invalid("storage", linked);
        }

        return ApiResults.From(await handle.Grain.ChangeAttachmentsAsync(new AttachmentChange(AttachmentChangeKind.AddMount,
            new StorageMount(host, host, StoragePaths.Normalize(request.ContainerPath!), HostDirectory: true))), Report);
    }

    /// <summary>
    /// <c>storage:move</c>: refused before anything happened is a problem like any command's; once under
    /// way, its steps stream as NDJSON (as <c>run</c> and deploys do) and the last line is the exit code.
    /// </summary>
    private static async Task MoveAsync(HttpContext context, string app, string volume, MoveVolumeRequest request, IGrainFactory grains,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            await problem.ExecuteAsync(context);
            return;
        }

        if ((StoragePaths.VolumeNameRefusal(volume) ?? (string.IsNullOrWhiteSpace(request.Node) ? "name the node to move the volume to, e.g. storage:move blog data n2" : null)) is { } invalid)
        {
            await ApiResults.Invalid("storage", invalid).ExecuteAsync(context);
            return;
        }

        // Not tied to the request: a client that goes away does not stop a move half-way (it finishes, or puts the app back).
        await using var steps = handle.Grain.MoveStorageAsync(volume, request.Node.Trim()).GetAsyncEnumerator();
        if (!await steps.MoveNextAsync())
        {
            return;
        }

        if (steps.Current.Result is { Succeeded: false } refused)
        {
            await ApiResults.From(refused, _ => new object()).ExecuteAsync(context);
            return;
        }

        var options = json.Value.SerializerOptions;
        context.Response.ContentType = RunOutputNdjson.ContentType;
        do
        {
            var step = steps.Current;
            var text = (step.Line is { } line ? RunOutputNdjson.Stdout(line, options) : "")
                + (step.Result is { } result ? RunOutputNdjson.End(result.Succeeded, result.Error, options) : "");
            await RunOutputNdjson.WriteAsync(context.Response, text);
        }
        while (await steps.MoveNextAsync());
    }

    private static async Task<IResult> ChangeAsync(string app, IGrainFactory grains, AttachmentChange change)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        return ApiResults.From(await handle.Grain.ChangeAttachmentsAsync(change), Report);
    }

    public static StorageReport Report(AppInfo app)
    {
        var attachments = app.Attachments ?? ContainerAttachments.None;
        return new StorageReport
        {
            Mounts = attachments.Mounts.Select(m => new StorageMountView
            {
                Name = m.Name,
                Kind = m.HostDirectory ? "host" : "volume",
                Source = m.Source,
                ContainerPath = m.ContainerPath,
            }).ToList(),
            Node = attachments.Mounts.Count == 0 ? null : app.StorageNode,
            Placement = StoragePlacement.Reason(attachments, app.StorageNode),
        };
    }
}
