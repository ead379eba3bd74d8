using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Cron;

/// <summary><c>paas cron:list NAME</c> (Dokku's name)</summary>
internal static class CronListCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "cron:list",
        "List an app's cron jobs (app.json \"cron\"): id, schedule, command, next run, last run and its exit code",
        (client, app, ct) => client.ListCronAsync(app, ct),
        (_, app, view) => CronPrinter.Jobs(context.Out, app, view));
}
