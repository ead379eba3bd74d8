using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary>
/// <c>paas services:restore NAME ID [--from SERVICE | --into NEW | --node N]</c>: the service's data replaced by a backup of the
/// same kind, or with <c>--into</c> a new service of the backup's kind and version made from it (NAME untouched), or with
/// <c>--node</c> the service, its node lost, made again on node N from that backup (writes after it are lost).
/// </summary>
internal static class ServicesRestoreCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service to restore into (with --into: the service whose backup it is)" };
        var id = new Argument<string>("id") { Description = "The backup (paas services:backups NAME)" };
        var from = new Option<string?>("--from") { Description = "Take the backup of another service of the same kind (default: NAME's own)" };
        var into = new Option<string?>("--into") { Description = "Create this new service from NAME's backup instead (same kind and version; NAME stays as it is)" };
        var node = new Option<string?>("--node") { Description = "The service's node is lost: make it again on this live node from the backup (writes after it are lost)" };
        var command = new Command("services:restore", "Replace a service's data with one of its backups (checked against the backup after the restore), or make a new service from it")
        {
            name, id, from, into, node,
        };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var service = parseResult.GetRequiredValue(name);
            var backup = parseResult.GetRequiredValue(id);
            if (parseResult.GetValue(node) is { } elsewhere)
            {
                if (parseResult.GetValue(into) is not null || parseResult.GetValue(from) is not null)
                {
                    throw new CliException("--node brings the service itself back from its own backup; it goes with neither --from nor --into");
                }

                using var nodeClient = context.CreateClient();
                using var streamed = await nodeClient.OpenRestoreServiceOnNodeAsync(service, backup, elsewhere, ct);
                var exitCode = await NdjsonStream.RelayAsync(streamed, context, context.WantsJson(parseResult), ct);
                return exitCode ?? context.Fail("the restore ended without an outcome; the connection to OrleansPaas was cut (services:info shows where the service is)");
            }

            if (parseResult.GetValue(into) is { } newService)
            {
                return await RestoreIntoAsync(context, parseResult, service, backup, newService, parseResult.GetValue(from), ct);
            }

            if (!context.WantsJson(parseResult))
            {
                context.Out.Step($"Restoring {service} from backup {backup}");
            }

            using var client = context.CreateClient();
            var response = await client.RestoreServiceAsync(service, backup, parseResult.GetValue(from), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var restored = response.Read();
            context.Out.KeyValues(
            [
                ("Restored", $"{restored.From} backup {restored.Id}"),
                ("Contents", restored.Restored ?? "-"),
                ("Restore time", ServiceBackupPrinter.Seconds(restored.Seconds)),
            ]);
            return 0;
        });
        return command;
    }

    private static async Task<int> RestoreIntoAsync(CommandContext context, ParseResult parseResult, string service, string backup, string newService, string? from,
        CancellationToken ct)
    {
        if (from is not null)
        {
            throw new CliException("--into takes the service's own backup; it does not go with --from");
        }

        if (!context.WantsJson(parseResult))
        {
            context.Out.Step($"Creating {newService} from backup {backup} of {service}");
        }

        using var client = context.CreateClient();
        var response = await client.RestoreServiceIntoAsync(service, backup, newService, ct);
        if (context.WantsJson(parseResult))
        {
            context.WriteJson(response.Json);
            return 0;
        }

        var created = response.Read();
        context.Out.Step($"Created {created.Kind} service {created.Name} ({created.Image}) on node {created.Node}; {service} is unchanged");
        context.Out.Note($"Link it to an app: paas services:link {created.Name} APP");
        return 0;
    }
}
