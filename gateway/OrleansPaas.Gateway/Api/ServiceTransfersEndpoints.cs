using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Access;
using OrleansPaas.Contracts.Services;
using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.NodeServices.Services.Transfers;
using OrleansPaas.Services;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// <c>services:export|import</c> and <c>services:restore --into</c>. A dump travels between the client and
/// the service's node one chunk (1 MiB) per grain call, spooled on that node's disk: the API, on whichever
/// node took the request, never holds more than a chunk.
/// </summary>
public static class ServiceTransfersEndpoints
{
    // A dump holds every app's data in the service, and an import replaces it.
    private static readonly RequiresRole Admin = new(PaasRole.Admin, EveryApp: true);

    public static RouteGroupBuilder MapServiceTransfers(this RouteGroupBuilder api)
    {
        // A dump of all the service's data: in the audit trail although it is a GET.
        api.MapGet("/services/{name}/export", ExportAsync).WithName("ExportService").WithMetadata(Admin, new AuditedAs("services:export"));
        api.MapPut("/services/{name}/import", ImportAsync).WithName("ImportService").WithMetadata(Admin, new UnlimitedRequestSize());
        return api;
    }

    /// <summary><c>services:restore NAME ID --into NEW</c>: a new service from NAME's backup, NAME untouched.</summary>
    public static async Task<IResult> RestoreIntoAsync(string name, string id, string into, IGrainFactory grains) =>
        ServiceName.Problem(into) is { } problem
            ? ApiResults.Invalid("into", problem)
            : ServicesEndpoints.From(await grains.GetGrain<IServiceTransfersGrain>(into).CreateFromBackupAsync(name, id));

    private static async Task ExportAsync(HttpContext context, string name, IGrainFactory grains)
    {
        if (await MissingAsync(name, grains) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        // The dump is taken whole on the service's node before the first byte is sent, so its failure is still a problem answer.
        var ticket = await grains.GetGrain<IServiceTransfersGrain>(name).BeginExportAsync();
        if (ticket.Error is { } error)
        {
            await Unprocessable(error).ExecuteAsync(context);
            return;
        }

        var node = grains.GetGrain<IServiceTransferNodeGrain>(ticket.Node);
        try
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.{ticket.Extension}\"";
            context.Response.Headers.CacheControl = "no-store";
            for (long offset = 0; ;)
            {
                var chunk = await node.ReadAsync(ticket.Id, offset);
                if (chunk.Length == 0)
                {
                    break;
                }

                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                offset += chunk.Length;
            }
        }
        finally
        {
            await node.DiscardAsync(ticket.Id);
        }
    }

    private static async Task<IResult> ImportAsync(HttpContext context, string name, IGrainFactory grains)
    {
        if (ServiceName.Problem(name) is { } problem)
        {
            return ApiResults.Invalid("name", problem);
        }

        if (await grains.GetGrain<IServiceGrain>(name).GetInfoAsync() is not { } info)
        {
            return ApiResults.NotFound($"service '{name}' does not exist");
        }

        var node = grains.GetGrain<IServiceTransferNodeGrain>(info.Node);
        var id = await node.CreateImportAsync();
        var handedOver = false;
        try
        {
            var buffer = new byte[IServiceTransferNodeGrain.ChunkBytes];
            while (await context.Request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, context.RequestAborted) is var read and > 0)
            {
                await node.AppendAsync(id, buffer[..read]);
            }

            // From here the service's grain owns the spool: it restores it (refused if not a dump of its kind) and removes it.
            handedOver = true;
            var outcome = await grains.GetGrain<IServiceTransfersGrain>(name).FinishImportAsync(info.Node, id);
            return outcome.Succeeded
                ? Results.Ok(new ServiceImportView(name, outcome.Seconds, outcome.Restored?.Describe()))
                : Unprocessable(outcome.Error!);
        }
        finally
        {
            if (!handedOver)
            {
                await node.DiscardAsync(id);
            }
        }
    }

    private static async Task<IResult?> MissingAsync(string name, IGrainFactory grains) =>
        ServiceName.Problem(name) is { } problem ? ApiResults.Invalid("name", problem)
        : await grains.GetGrain<IServiceGrain>(name).GetInfoAsync() is null ? ApiResults.NotFound($"service '{name}' does not exist")
        : null;

    private static IResult Unprocessable(string error) =>
        Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Could not be carried out", detail: error);
}
