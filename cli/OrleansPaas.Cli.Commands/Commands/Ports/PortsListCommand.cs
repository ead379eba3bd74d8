using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Ports;

/// <summary><c>paas ports:list NAME</c></summary>
internal static class PortsListCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "ports:list",
        "List an app's published TCP and UDP ports and the node that publishes them",
        (client, app, ct) => client.GetPortsAsync(app, ct),
        (_, app, report) => PortsPrinter.Report(context.Out, app, report));
}
