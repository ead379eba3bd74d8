using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:backups NAME</c>: the service's backups, newest first, with their verification.</summary>
internal static class ServicesBackupsCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var command = new Command("services:backups", "List a service's backups, newest first, with their verification and where each is (directory, s3)") { name };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var service = parseResult.GetRequiredValue(name);
            using var client = context.CreateClient();
            var response = await client.ListServiceBackupsAsync(service, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var backups = response.Read();
            context.Out.Header($"{service} backups");
            if (backups.Count == 0)
            {
                context.Out.Note($"No backups yet: paas services:backup {service}");
                return 0;
            }

            context.Out.WriteTable(
                ["ID", "CREATED", "SIZE", "CONTENTS", "VERIFIED", "WHERE"],
                backups.Select(b => new[] { b.Id, ServiceBackupPrinter.Time(b.Created), ByteSize.Format(b.SizeBytes), b.Contents, ServiceBackupPrinter.Verdict(b), ServiceBackupPrinter.Where(b) }));
            return 0;
        });
        return command;
    }
}
