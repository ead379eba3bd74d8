using System.CommandLine;
using OrleansPaas.Cli.Api;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary><c>paas services:backup NAME [--timeout MINUTES]</c>: a backup now, proven by a restore into a throwaway container.</summary>
internal static class ServicesBackupCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Minutes to wait for the backup and its verification",
            DefaultValueFactory = _ => 15,
        };
        var command = new Command("services:backup", "Back a service up now and verify the backup (restored into a throwaway container and compared)") { name, timeout };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var service = parseResult.GetRequiredValue(name);
            var minutes = parseResult.GetValue(timeout);
            if (minutes is < 1 or > 600)
            {
                return context.Fail($"--timeout must be between 1 and 600 minutes, not {minutes}");
            }

            if (!context.WantsJson(parseResult))
            {
                context.Out.Step($"Backing up {service}: dump, then verify in a throwaway container (waiting up to {minutes} min)");
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromMinutes(minutes));
            using var client = context.CreateClient();
            ApiResponse<Contracts.Services.ServiceBackupView> response;
            try
            {
                response = await client.BackupServiceAsync(service, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return context.Fail($"the backup of '{service}' did not finish within {minutes} minutes; see paas services:backups {service}");
            }

            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
            }

            var backup = response.Read();
            if (!context.WantsJson(parseResult))
            {
                context.Out.KeyValues(
                [
                    ("Backup", backup.Id),
                    ("Size", ByteSize.Format(backup.SizeBytes)),
                    ("Contents", backup.Contents),
                    ("Dump", ServiceBackupPrinter.Seconds(backup.Seconds)),
                    ("Verification", ServiceBackupPrinter.Verdict(backup)),
                    ("Verify time", backup.VerificationSeconds is { } s ? ServiceBackupPrinter.Seconds(s) : "-"),
                    ("Stored in", ServiceBackupPrinter.Where(backup)),
                ]);
            }

            if (backup.Verification != "ok")
            {
                return context.Fail($"backup {backup.Id} of '{service}' was written but its verification {ServiceBackupPrinter.Verdict(backup)}");
            }

            return backup.Copies?.FirstOrDefault(c => !c.Stored) is { } failed
                ? context.Fail($"backup {backup.Id} of '{service}' is verified in the directory, but its upload to {failed.Target} failed: {failed.Detail}")
                : 0;
        });
        return command;
    }
}
