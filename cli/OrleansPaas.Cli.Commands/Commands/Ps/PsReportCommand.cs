using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Ps;

/// <summary><c>paas ps:report NAME</c></summary>
internal static class PsReportCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "ps:report",
        "Show an app's status, formation and instances",
        (client, app, ct) => client.GetProcessesAsync(app, ct),
        (_, app, report) => ProcessPrinter.Report(context.Out, app, report));
}
