using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPaas.Attachments;
using OrleansPaas.Contracts.Runs;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Nodes;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>run NAME -- COMMAND</c>: a one-off container whose output streams back as NDJSON, ending with the exit code.</summary>
public static class RunEndpoints
{
    public static RouteGroupBuilder MapRun(this RouteGroupBuilder api)
    {
        api.MapPost("/apps/{app}/run", RunAsync).WithName("Run");
        return api;
    }

    private static async Task RunAsync(HttpContext context, string app, RunRequest request, IGrainFactory grains, OneOffRunner runner, ClusterNodes nodes, IOptions<JsonOptions> json)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            await problem.ExecuteAsync(context);
            return;
        }

        if (request.Command is not { Count: > 0 } command || command.Any(string.IsNullOrEmpty))
        {
            await ApiResults.Invalid("command", "give the command to run, e.g. [\"sh\", \"-c\", \"echo hi\"]").ExecuteAsync(context);
            return;
        }

        var (info, missing) = await handle.InfoAsync();
        var spec = missing is null ? await handle.Grain.GetRunSpecAsync() : null;
        if (missing is not null || spec is null)
        {
            await (missing ?? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not deployed",
                detail: $"app '{handle.Name}' has not been deployed yet; push to it first")).ExecuteAsync(context);
            return;
        }

        if (await handle.Grain.RunRefusalAsync() is { } moving)
        {
            await Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Storage moving", detail: moving).ExecuteAsync(context);
            return;
        }

        if (StoragePlacement.RunNode(spec.Attachments, info!.StorageNode) is { } storageNode && storageNode != nodes.Local)
        {
            await Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Storage elsewhere",
                detail: await StorageElsewhereAsync(grains, handle.Name.Value, storageNode)).ExecuteAsync(context);
            return;
        }

        // The one-off runs on this node: bring the release's image here if another node has it.
        if (await grains.Node(nodes.Local).EnsureImageAsync(spec.Image, nodes.Live()) is { } imageProblem)
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Image unavailable", detail: imageProblem).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = RunOutputNdjson.ContentType;
        var options = json.Value.SerializerOptions;
        Task WriteAsync(RunOutput output) => RunOutputNdjson.WriteAsync(context.Response, RunOutputNdjson.Line(output, options));

        var exitCode = await runner.RunAsync(handle.Name, spec, command,
            (isError, text) => WriteAsync(new RunOutput(isError ? "stderr" : "stdout", text, null)), context.RequestAborted);
        await WriteAsync(new RunOutput(null, null, exitCode));
    }

    /// <summary>
    /// A run mounts the app's storage, which lives on one node: it runs there or not at all (here the engine
    /// would make an empty volume of the same name). The sentence names the node and where to reach it.
    /// </summary>
    private static async Task<string> StorageElsewhereAsync(IGrainFactory grains, string app, string storageNode)
    {
        string where;
        try
        {
            where = $" through its control URL, {await grains.Node(storageNode).GetControlUrlAsync().WaitAsync(TimeSpan.FromSeconds(5))}";
        }
        catch (Exception)
        {
            where = " when it is back";
        }

        return $"app '{app}' keeps its storage on node {storageNode}, and its one-off runs run only there: run this command{where}";
    }
}
