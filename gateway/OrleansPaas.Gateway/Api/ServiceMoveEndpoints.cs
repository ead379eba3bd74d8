using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPaas.Access;
using OrleansPaas.Contracts.Runs;
using OrleansPaas.Contracts.Services;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Services;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// <c>services:move NAME NODE</c> and <c>services:restore NAME ID --node N</c>: a refusal (nothing happened) is a
/// problem like any command's; once under way, the steps come as NDJSON lines (as storage:move's do), the
/// failure's sentence on stderr, and the last line is the exit code.
/// </summary>
public static class ServiceMoveEndpoints
{
    private static readonly RequiresRole Change = new(PaasRole.Admin, EveryApp: true);

    public static RouteGroupBuilder MapServiceMove(this RouteGroupBuilder api)
    {
        api.MapPost("/services/{name}/move", MoveAsync).WithName("MoveService").WithMetadata(Change);
        return api;
    }

    private static async Task<IResult> MoveAsync(string name, MoveServiceRequest request, IGrainFactory grains, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var refusal = ServiceName.Problem(name) is { } problem ? ApiResults.Invalid("name", problem)
            : string.IsNullOrWhiteSpace(request.Node) ? ApiResults.Invalid("node", $"name the node to move the service to, e.g. services:move {name} n2")
            : null;
        return refusal ?? From(await grains.GetGrain<IServiceGrain>(name).MoveAsync(request.Node!.Trim()), json.Value.SerializerOptions);
    }

    /// <summary>services:restore with --node (checked by the caller: not with --from or --into).</summary>
    internal static async Task<IResult> RestoreOnNodeAsync(string name, string id, string node, IGrainFactory grains, JsonSerializerOptions json) =>
        From(await grains.GetGrain<IServiceGrain>(name).RestoreOnNodeAsync(id, node.Trim()), json);

    private static IResult From(ServiceMoveOutcome outcome, JsonSerializerOptions json)
    {
        if (outcome.Lines.Count == 0)
        {
            // Refused before anything was done: a problem with its sentence, as any command's.
            return ServicesEndpoints.From(outcome.Result);
        }

        var ndjson = new StringBuilder();
        foreach (var line in outcome.Lines)
        {
            ndjson.Append(JsonSerializer.Serialize(new RunOutput("stdout", line + "\n", null), json)).Append('\n');
        }

        if (!outcome.Result.Succeeded)
        {
            ndjson.Append(JsonSerializer.Serialize(new RunOutput("stderr", outcome.Result.Error + "\n", null), json)).Append('\n');
        }

        ndjson.Append(JsonSerializer.Serialize(new RunOutput(null, null, outcome.Result.Succeeded ? 0 : 1), json)).Append('\n');
        return Results.Text(ndjson.ToString(), "application/x-ndjson", Encoding.UTF8);
    }
}
