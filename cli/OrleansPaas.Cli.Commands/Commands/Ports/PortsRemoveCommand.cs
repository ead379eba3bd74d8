using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Ports;

/// <summary><c>paas ports:remove NAME MAPPING</c></summary>
internal static class PortsRemoveCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var spec = new Argument<string>("mapping") { Description = "The mapping as ports:list shows it, e.g. udp:1194:1194" };
        var command = new Command("ports:remove", "Stop publishing a port of an app, from the next deploy or restart on") { app, spec };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var given = parseResult.GetRequiredValue(spec);
            using var client = context.CreateClient();
            var response = await client.RemovePortAsync(name, given, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Removed {given} from {name}; it stops being published at the next deploy or ps:restart");
            PortsPrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
