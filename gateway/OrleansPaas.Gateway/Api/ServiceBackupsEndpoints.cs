using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Access;
using OrleansPaas.BackupSchedules;
using OrleansPaas.Contracts.Services;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.Services;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// <c>services:backup|backups|restore|backup-schedule|backup-schedules|backup-unschedule</c>. A backup or
/// restore is one request that waits until it is done (minutes; the grain call waits under the silo's
/// 15-minute call timeout), so its answer is its outcome.
/// </summary>
public static class ServiceBackupsEndpoints
{
    public const int DefaultKeep = 14;

    // The same roles as the other service routes: a dump holds every app's data in the service.
    private static readonly RequiresRole Look = new(PaasRole.Read, EveryApp: true);
    private static readonly RequiresRole Change = new(PaasRole.Admin, EveryApp: true);

    public static RouteGroupBuilder MapServiceBackups(this RouteGroupBuilder api)
    {
        api.MapGet("/services/{name}/backups", ListAsync).WithName("ListServiceBackups").WithMetadata(Look);
        api.MapPost("/services/{name}/backups", BackupAsync).WithName("BackupService").WithMetadata(Change);
        api.MapPost("/services/{name}/backups/{id}/verify", VerifyAsync).WithName("VerifyServiceBackup").WithMetadata(Change);
        api.MapPost("/services/{name}/restore", RestoreAsync).WithName("RestoreService").WithMetadata(Change);
        api.MapGet("/services/{name}/backup-schedules", SchedulesAsync).WithName("ListServiceBackupSchedules").WithMetadata(Look);
        api.MapPut("/services/{name}/backup-schedules", ScheduleAsync).WithName("SetServiceBackupSchedule").WithMetadata(Change);
        api.MapDelete("/services/{name}/backup-schedules", UnscheduleAsync).WithName("RemoveServiceBackupSchedule").WithMetadata(Change);
        return api;
    }

    private static async Task<IResult> ListAsync(string name, IGrainFactory grains) =>
        ServiceName.Problem(name) is { } problem ? ApiResults.Invalid("name", problem)
        : await grains.GetGrain<IServiceBackupsGrain>(name).ListBackupsAsync() is { } backups
            ? Results.Ok(backups.Select(ServiceBackupViews.View).ToList())
        : ApiResults.NotFound($"service '{name}' does not exist");

    private static async Task<IResult> BackupAsync(string name, IGrainFactory grains)
    {
        if (ServiceName.Problem(name) is { } problem)
        {
            return ApiResults.Invalid("name", problem);
        }

        if (await grains.GetGrain<IServiceGrain>(name).GetInfoAsync() is null)
        {
            return ApiResults.NotFound($"service '{name}' does not exist");
        }

        // A backup that failed verification is still a backup (listed, shown by services:info): 200 with its verdict.
        var outcome = await grains.GetGrain<IServiceBackupsGrain>(name).BackupNowAsync(retention: null);
        return outcome.Manifest is { } manifest ? Results.Ok(ServiceBackupViews.View(manifest)) : Unprocessable(outcome.Error!);
    }

    private static async Task<IResult> VerifyAsync(string name, string id, IGrainFactory grains)
    {
        if (await MissingAsync(name, grains) is { } refusal)
        {
            return refusal;
        }

        var outcome = await grains.GetGrain<IServiceBackupsGrain>(name).VerifyBackupAsync(id);
        return outcome.Manifest is { } manifest ? Results.Ok(ServiceBackupViews.View(manifest)) : Unprocessable(outcome.Error!);
    }

    private static async Task<IResult> RestoreAsync(string name, RestoreServiceRequest request, IGrainFactory grains,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken aborted)
    {
        var refusal = ServiceName.Problem(name) is { } problem ? ApiResults.Invalid("name", problem)
            : string.IsNullOrWhiteSpace(request.Id) ? ApiResults.Invalid("id", "the backup's id is required")
            : request.From is { } from && ServiceName.Problem(from) is { } fromProblem ? ApiResults.Invalid("from", fromProblem)
            : request.From is not null && request.Into is not null ? ApiResults.Invalid("into", "--into takes the service's own backup; it does not go with --from")
            : request.Node is not null && (request.From is not null || request.Into is not null)
                ? ApiResults.Invalid("node", "--node brings the service itself back on another node from its own backup; it goes with neither --from nor --into")
            : request.Node is not null && string.IsNullOrWhiteSpace(request.Node) ? ApiResults.Invalid("node", "--node needs a node's name")
            : null;
        if (refusal is not null)
        {
            return refusal;
        }

        if (request.Node is { } node)
        {
            return await ServiceMoveEndpoints.RestoreOnNodeAsync(name, request.Id!.Trim(), node, grains, json.Value.SerializerOptions, aborted);
        }

        if (request.Into is { } into)
        {
            return await ServiceTransfersEndpoints.RestoreIntoAsync(name, request.Id!, into, grains);
        }

        if (await grains.GetGrain<IServiceGrain>(name).GetInfoAsync() is null)
        {
            return ApiResults.NotFound($"service '{name}' does not exist");
        }

        var outcome = await grains.GetGrain<IServiceBackupsGrain>(name).RestoreBackupAsync(request.Id!, request.From);
        return outcome.Succeeded
            ? Results.Ok(new ServiceRestoreView(request.Id!, request.From ?? name, outcome.Seconds, outcome.Restored?.Describe()))
            : Unprocessable(outcome.Error!);
    }

    private static async Task<IResult> SchedulesAsync(string name, IGrainFactory grains) =>
        await MissingAsync(name, grains) ?? Results.Ok((await grains.GetGrain<IServiceBackupScheduleGrain>(name).ListAsync()).Select(ServiceBackupViews.View).ToList());

    private static async Task<IResult> ScheduleAsync(string name, SetBackupScheduleRequest request, IGrainFactory grains) =>
        await MissingAsync(name, grains)
        ?? (string.IsNullOrWhiteSpace(request.Cron) ? ApiResults.Invalid("cron", "a cron expression is required")
        : From(await grains.GetGrain<IServiceBackupScheduleGrain>(name).SetAsync(request.Cron, request.Keep ?? DefaultKeep), "cron"));

    private static async Task<IResult> UnscheduleAsync(string name, string? cron, IGrainFactory grains) =>
        await MissingAsync(name, grains)
        ?? (string.IsNullOrWhiteSpace(cron) ? ApiResults.Invalid("cron", "the schedule's cron expression is required (?cron=...)")
        : From(await grains.GetGrain<IServiceBackupScheduleGrain>(name).RemoveAsync(cron), "cron"));

    private static async Task<IResult?> MissingAsync(string name, IGrainFactory grains) =>
        ServiceName.Problem(name) is { } problem ? ApiResults.Invalid("name", problem)
        : await grains.GetGrain<IServiceGrain>(name).GetInfoAsync() is null ? ApiResults.NotFound($"service '{name}' does not exist")
        : null;

    private static IResult From(BackupScheduleResult result, string field) => result.Succeeded
        ? Results.Ok(result.Schedules.Select(ServiceBackupViews.View).ToList())
        : ApiResults.Invalid(field, result.Error!);

    private static IResult Unprocessable(string error) =>
        Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Could not be carried out", detail: error);
}
