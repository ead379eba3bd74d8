using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Domains;

/// <summary><c>paas domains:report NAME</c></summary>
internal static class DomainsReportCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "domains:report",
        "Show an app's default domain and added domains",
        (client, app, ct) => client.GetDomainsAsync(app, ct),
        (_, app, report) => DomainsPrinter.Report(context.Out, app, report));
}
