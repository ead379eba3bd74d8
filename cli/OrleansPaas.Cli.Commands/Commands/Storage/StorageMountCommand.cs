using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Storage;

/// <summary><c>paas storage:mount NAME /host/path:/container/path</c> (admin only): a directory of the node, mounted from the next deploy or restart on.</summary>
internal static class StorageMountCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var mount = new Argument<string>("mount") { Description = "/host/path:/container/path" };
        var command = new Command("storage:mount", "Mount a directory of the node into an app's containers (admin only), from the next deploy or restart on") { app, mount };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var given = parseResult.GetRequiredValue(mount);
            var colon = given.IndexOf(':');
            if (colon < 0)
            {
                throw new CliException($"'{given}' is not a mount: write /host/path:/container/path");
            }

            using var client = context.CreateClient();
            var response = await client.MountAsync(name, given[..colon], given[(colon + 1)..], ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Mounted {given} for {name}; it applies from the next deploy or ps:restart on");
            StoragePrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
