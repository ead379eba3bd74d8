using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Contracts.Cron;
using OrleansPaas.Cron;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>cron:list|run|suspend|resume</c>: an app's scheduled jobs (app.json <c>cron</c> of its current release).</summary>
public static class CronEndpoints
{
    public static RouteGroupBuilder MapCron(this RouteGroupBuilder api)
    {
        api.MapGet("/apps/{app}/cron", (string app, IGrainFactory grains) =>
            RunAsync(app, grains, async cron => CronCommandResult.Ok(await cron.GetReportAsync()))).WithName("ListCron");
        api.MapPost("/apps/{app}/cron/{id}/run", (string app, string id, IGrainFactory grains) =>
            RunAsync(app, grains, cron => cron.RunNowAsync(id))).WithName("RunCron");
        api.MapPost("/apps/{app}/cron/suspend", (string app, IGrainFactory grains) =>
            RunAsync(app, grains, cron => cron.SetSuspendedAsync(true))).WithName("SuspendCron");
        api.MapPost("/apps/{app}/cron/resume", (string app, IGrainFactory grains) =>
            RunAsync(app, grains, cron => cron.SetSuspendedAsync(false))).WithName("ResumeCron");
        return api;
    }

    private static async Task<IResult> RunAsync(string app, IGrainFactory grains, Func<ICronGrain, Task<CronCommandResult>> command)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        // The cron grain holds what the app's releases gave it; an app that does not exist has none.
        var (_, missing) = await handle.InfoAsync();
        if (missing is not null)
        {
            return missing;
        }

        var result = await command(grains.GetGrain<ICronGrain>(handle.Name.Value));
        return result.Status switch
        {
            CronCommandStatus.Ok => Results.Ok(View(result.Report!)),
            CronCommandStatus.NotFound => ApiResults.NotFound(result.Error!),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Error),
        };
    }

    private static CronView View(CronReport report) => new(report.Suspended,
        report.Jobs.Select(j => new CronJobView(j.Id, j.Schedule, j.Command, j.NextRun, j.Running, j.LastRun is { } run ? View(run) : null)).ToList(),
        report.Runs.Select(View).ToList());

    private static CronRunView View(CronRun run) =>
        new(run.JobId, run.ScheduledFor, run.StartedAt, run.EndedAt, run.ExitCode, run.Node, run.Release, run.Problem);
}
