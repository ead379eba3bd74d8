using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary>
/// <c>paas services:move NAME NODE</c>: the service, cut off from its apps meanwhile, is dumped and restored on
/// another live node under the same name and password, and its linked apps' containers there join it. The steps
/// are relayed; a failure leaves it serving where it was, and the exit code says which.
/// </summary>
internal static class ServicesMoveCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service" };
        var node = new Argument<string>("node") { Description = "The live node to move it to, as services:info and ps:report name nodes" };
        var command = new Command("services:move", "Move a service to another node with its data (its apps cannot reach it while it is copied)") { name, node };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            using var response = await client.OpenMoveServiceAsync(parseResult.GetRequiredValue(name), parseResult.GetRequiredValue(node), ct);
            var exitCode = await NdjsonStream.RelayAsync(response, context, context.WantsJson(parseResult), ct);
            return exitCode ?? context.Fail("the move ended without an outcome; the connection to OrleansPaas was cut (services:info shows where the service is)");
        });
        return command;
    }
}
