using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:backup-unschedule NAME "CRON"</c>: removes one schedule (its backups stay).</summary>
internal static class ServicesBackupUnscheduleCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var cron = new Argument<string>("cron") { Description = "The schedule's cron expression, as services:backup-schedules shows it" };
        var command = new Command("services:backup-unschedule", "Remove one of a service's backup schedules (its backups stay)") { name, cron };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var service = parseResult.GetRequiredValue(name);
            using var client = context.CreateClient();
            var response = await client.RemoveBackupScheduleAsync(service, parseResult.GetRequiredValue(cron), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            BackupSchedulePrinter.Print(context.Out, service, response.Read());
            return 0;
        });
        return command;
    }
}
