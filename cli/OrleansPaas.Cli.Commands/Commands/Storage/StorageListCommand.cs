using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Storage;

/// <summary><c>paas storage:list NAME</c></summary>
internal static class StorageListCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "storage:list",
        "List an app's persistent mounts (volumes and host directories) and the node they live on",
        (client, app, ct) => client.GetStorageAsync(app, ct),
        (_, app, report) => StoragePrinter.Report(context.Out, app, report));
}
