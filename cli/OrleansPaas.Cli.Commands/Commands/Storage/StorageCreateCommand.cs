using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Storage;

/// <summary><c>paas storage:create NAME VOLUME /container/path</c>: a named volume the platform owns, mounted from the next deploy or restart on.</summary>
internal static class StorageCreateCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var volume = new Argument<string>("volume") { Description = "The volume's name: lower-case letters, digits, '-', '_', '.'" };
        var path = new Argument<string>("container-path") { Description = "Where the app sees it, an absolute path such as /data" };
        var command = new Command("storage:create", "Create a persistent volume for an app, mounted from the next deploy or restart on") { app, volume, path };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            var response = await client.CreateVolumeAsync(name, parseResult.GetRequiredValue(volume), parseResult.GetRequiredValue(path), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Created volume {parseResult.GetRequiredValue(volume)} for {name}; it is mounted from the next deploy or ps:restart on");
            StoragePrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
