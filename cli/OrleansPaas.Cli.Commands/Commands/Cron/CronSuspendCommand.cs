using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Cron;

/// <summary><c>paas cron:suspend NAME</c> and <c>paas cron:resume NAME</c>: scheduled runs stop, or start again (times passed meanwhile are not caught up).</summary>
internal static class CronSuspendCommand
{
    public static Command Create(CommandContext context, bool suspend) => AppQueryCommand.Create(
        context,
        suspend ? "cron:suspend" : "cron:resume",
        suspend
            ? "Stop running an app's cron jobs on their schedule (cron:run still runs one)"
            : "Run an app's cron jobs on their schedule again (times passed while suspended are not caught up)",
        (client, app, ct) => client.SuspendCronAsync(app, suspend, ct),
        (_, app, view) =>
        {
            context.Out.Step(suspend ? $"Suspended the cron jobs of {app}" : $"Resumed the cron jobs of {app}");
            CronPrinter.Jobs(context.Out, app, view);
        });
}
