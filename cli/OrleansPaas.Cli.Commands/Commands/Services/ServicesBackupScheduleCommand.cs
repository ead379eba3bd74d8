using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:backup-schedule NAME "CRON" [--keep N]</c>: adds a schedule (several allowed) or changes its kept count.</summary>
internal static class ServicesBackupScheduleCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var cron = new Argument<string>("cron") { Description = "When, as a cron expression in UTC (five fields, or six with seconds first), e.g. \"0 3 * * *\"" };
        var keep = new Option<int?>("--keep") { Description = "How many of the newest backups to keep after each run (default 14)" };
        var command = new Command("services:backup-schedule", "Back a service up (and verify) on a cron schedule") { name, cron, keep };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var service = parseResult.GetRequiredValue(name);
            using var client = context.CreateClient();
            var response = await client.SetBackupScheduleAsync(service, parseResult.GetRequiredValue(cron), parseResult.GetValue(keep), ct);
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
