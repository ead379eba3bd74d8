using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Resource;

/// <summary><c>paas resource:report NAME</c></summary>
internal static class ResourceReportCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "resource:report",
        "Show the limits an app's containers get: CPU, memory, processes, disk, capabilities",
        (client, app, ct) => client.GetResourcesAsync(app, ct),
        (_, app, report) => ResourcePrinter.Report(context.Out, app, report));
}
