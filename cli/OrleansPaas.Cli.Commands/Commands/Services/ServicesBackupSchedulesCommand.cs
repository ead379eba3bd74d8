using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:backup-schedules NAME</c>: the service's schedules with their next and last runs.</summary>
internal static class ServicesBackupSchedulesCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var command = new Command("services:backup-schedules", "List a service's backup schedules, their next and last runs") { name };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var service = parseResult.GetRequiredValue(name);
            using var client = context.CreateClient();
            var response = await client.ListBackupSchedulesAsync(service, ct);
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
