using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPaas.Access;
using OrleansPaas.Builds;
using OrleansPaas.Contracts.Services;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Gateway.Builds;
using OrleansPaas.Services;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// <c>services:move NAME NODE</c> and <c>services:restore NAME ID --node N</c>: a refusal (nothing happened) is a
/// problem like any command's; once under way, the steps come as NDJSON lines as they happen (as storage:move's do),
/// the failure's sentence on stderr, and the last line is the exit code.
/// </summary>
public static class ServiceMoveEndpoints
{
    private static readonly RequiresRole Change = new(PaasRole.Admin, EveryApp: true);

    public static RouteGroupBuilder MapServiceMove(this RouteGroupBuilder api)
    {
        api.MapPost("/services/{name}/move", MoveAsync).WithName("MoveService").WithMetadata(Change);
        return api;
    }

    private static async Task<IResult> MoveAsync(string name, MoveServiceRequest request, IGrainFactory grains, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken aborted)
    {
        var refusal = ServiceName.Problem(name) is { } problem ? ApiResults.Invalid("name", problem)
            : string.IsNullOrWhiteSpace(request.Node) ? ApiResults.Invalid("node", $"name the node to move the service to, e.g. services:move {name} n2")
            : null;
        var grain = grains.GetGrain<IServiceGrain>(name);
        return refusal ?? await FollowAsync(grain, job => grain.MoveAsync(request.Node!.Trim(), job), json.Value.SerializerOptions, aborted);
    }

    /// <summary>services:restore with --node (checked by the caller: not with --from or --into).</summary>
    internal static Task<IResult> RestoreOnNodeAsync(string name, string id, string node, IGrainFactory grains, JsonSerializerOptions json,
        CancellationToken aborted)
    {
        var grain = grains.GetGrain<IServiceGrain>(name);
        return FollowAsync(grain, job => grain.RestoreOnNodeAsync(id, node.Trim(), job), json, aborted);
    }

    /// <summary>
    /// Starts the move or restore and waits until it is under way (its log opened) or refused (then a problem, as any
    /// command's); once under way, its steps are streamed as they are written, then the failure's sentence and the exit code.
    /// The move goes on if the caller leaves.
    /// </summary>
    private static async Task<IResult> FollowAsync(IServiceGrain grain, Func<int, Task<ServiceMoveOutcome>> start, JsonSerializerOptions json,
        CancellationToken aborted)
    {
        var job = Random.Shared.Next(1, int.MaxValue);
        var work = start(job);
        while ((await grain.ReadMoveLogAsync(job, 0, TimeSpan.Zero)).Outcome == BuildOutcome.Unknown)
        {
            if (work.IsCompleted)
            {
                // Refused before anything was done (no log was opened): a problem with its sentence.
                var refused = await work;
                return refused.Lines.Count == 0 ? ServicesEndpoints.From(refused.Result)
                    : Results.Text(Ndjson(refused.Lines, refused.Result, json), RunOutputNdjson.ContentType, Encoding.UTF8);
            }

            // The grain is still checking the request.
            await Task.WhenAny(work, Task.Delay(OpenPoll, aborted));
            aborted.ThrowIfCancellationRequested();
        }

        return Results.Stream(async body =>
        {
            var written = 0;
            await foreach (var chunk in BuildLogFollower.FollowAsync((from, wait, _) => grain.ReadMoveLogAsync(job, from, wait), aborted))
            {
                await RunOutputNdjson.WriteAsync(body, Ndjson(chunk.Lines, null, json), aborted);
                written = chunk.NextLine;
            }

            // The outcome: a failure says why; the last line is the exit code.
            string end;
            try
            {
                var outcome = await work;
                end = Ndjson(outcome.Lines.Skip(written).ToList(), outcome.Result, json);
            }
            catch (Exception ex)
            {
                end = Ndjson([], ServiceCommandResult.Failed(ex.GetBaseException().Message), json);
            }

            await RunOutputNdjson.WriteAsync(body, end, aborted);
        }, RunOutputNdjson.ContentType);
    }

    private static readonly TimeSpan OpenPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Step lines as NDJSON stdout, and when <paramref name="result"/> is given, its error on stderr and the exit code.</summary>
    private static string Ndjson(IReadOnlyList<string> lines, ServiceCommandResult? result, JsonSerializerOptions json) =>
        string.Concat(lines.Select(line => RunOutputNdjson.Stdout(line, json)))
        + (result is null ? "" : RunOutputNdjson.End(result.Succeeded, result.Error, json));
}
