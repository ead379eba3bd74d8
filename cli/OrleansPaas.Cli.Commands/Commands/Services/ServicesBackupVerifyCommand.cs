using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:backup-verify NAME ID</c>: proves a stored backup again (its file may have changed since); exits 1 when it fails.</summary>
internal static class ServicesBackupVerifyCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var id = new Argument<string>("id") { Description = "The backup (paas services:backups NAME)" };
        var command = new Command("services:backup-verify", "Verify a stored backup again (checksum, then a restore into a throwaway container)") { name, id };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var service = parseResult.GetRequiredValue(name);
            using var client = context.CreateClient();
            var response = await client.VerifyServiceBackupAsync(service, parseResult.GetRequiredValue(id), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
            }

            var backup = response.Read();
            if (!context.WantsJson(parseResult))
            {
                context.Out.KeyValues([("Backup", backup.Id), ("Verification", ServiceBackupPrinter.Verdict(backup))]);
            }

            return backup.Verification == "ok" ? 0 : context.Fail($"backup {backup.Id} of '{service}' failed verification: {backup.VerificationDetail}");
        });
        return command;
    }
}
