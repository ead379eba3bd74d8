using System.Globalization;
using OrleansPaas.Cli.Output;
using OrleansPaas.Contracts.Cron;

namespace OrleansPaas.Cli.Commands.Cron;

/// <summary>Human output of an app's cron jobs, one row each: id, schedule, command, next run (UTC), last run and its exit code.</summary>
internal static class CronPrinter
{
    public static void Jobs(TextWriter writer, string app, CronView view)
    {
        writer.Header($"{app} cron jobs{(view.Suspended ? " (suspended)" : "")}");
        if (view.Jobs.Count == 0)
        {
            writer.Note("none (add \"cron\" to app.json and push)");
            return;
        }

        writer.WriteTable(["ID", "SCHEDULE", "COMMAND", "NEXT RUN", "LAST RUN", "EXIT"], view.Jobs.Select(j => (IReadOnlyList<string>)
        [
            j.Id, j.Schedule, SingleLine.From(j.Command), Time(j.NextRun), j.Running ? "running" : Time(j.LastRun?.StartedAt),
            j.LastRun is null || j.Running ? "" : j.LastRun.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? j.LastRun.Problem ?? "?",
        ]));
    }

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-";
}
