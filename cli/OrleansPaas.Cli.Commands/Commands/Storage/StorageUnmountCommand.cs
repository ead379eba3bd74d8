using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Storage;

/// <summary><c>paas storage:unmount NAME MOUNT</c>: by volume name, <c>source:container-path</c> or container path; a volume's files stay.</summary>
internal static class StorageUnmountCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var mount = new Argument<string>("mount") { Description = "A volume's name, /host/path:/container/path, or the container path" };
        var command = new Command("storage:unmount", "Stop mounting a volume or host directory into an app's containers (its files stay), from the next deploy or restart on") { app, mount };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var given = parseResult.GetRequiredValue(mount);
            using var client = context.CreateClient();
            var response = await client.UnmountAsync(name, given, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Unmounted {given} for {name}; it applies from the next deploy or ps:restart on");
            StoragePrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
