using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Ports;

/// <summary><c>paas ports:add NAME tcp:HOST:CONTAINER|udp:HOST:CONTAINER [--allow-privileged]</c>; the server checks the mapping.</summary>
internal static class PortsAddCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var spec = new Argument<string>("mapping") { Description = "tcp:HOST:CONTAINER or udp:HOST:CONTAINER, e.g. udp:1194:1194" };
        var privileged = new Option<bool>("--allow-privileged") { Description = "Allow a host port below 1024" };
        var command = new Command("ports:add", "Publish a TCP or UDP port of an app on its node, from the next deploy or restart on") { app, spec, privileged };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var given = parseResult.GetRequiredValue(spec);
            using var client = context.CreateClient();
            var response = await client.AddPortAsync(name, given, parseResult.GetValue(privileged), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Added {given} to {name}; it is published from the next deploy or ps:restart on");
            PortsPrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
