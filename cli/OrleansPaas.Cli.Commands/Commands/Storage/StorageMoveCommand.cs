using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Storage;

/// <summary>
/// <c>paas storage:move NAME VOLUME NODE</c>: copies an app's volume to another node of the cluster with
/// the app stopped meanwhile, then runs the app there. The steps are relayed as they happen; a failure
/// leaves the app running where it was, and the exit code says which.
/// </summary>
internal static class StorageMoveCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var volume = new Argument<string>("volume") { Description = "The volume's name, as storage:create gave it" };
        var node = new Argument<string>("node") { Description = "The node to move it (and the app) to, as ps:report names nodes" };
        var command = new Command("storage:move", "Copy an app's volume to another node (the app stops meanwhile) and run the app there") { app, volume, node };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            using var response = await client.OpenMoveVolumeAsync(parseResult.GetRequiredValue(app), parseResult.GetRequiredValue(volume),
                parseResult.GetRequiredValue(node), ct);
            var exitCode = await NdjsonStream.RelayAsync(response, context, context.WantsJson(parseResult), ct);
            return exitCode ?? context.Fail("the move ended without an outcome; the connection to OrleansPaas was cut (storage:list shows where the volume is)");
        });
        return command;
    }
}
