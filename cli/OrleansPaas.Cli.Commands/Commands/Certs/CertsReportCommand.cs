using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Certs;

/// <summary><c>paas certs:report NAME</c></summary>
internal static class CertsReportCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "certs:report",
        "Show an app's certificate, the hosts it serves and its expiry",
        (client, app, ct) => client.GetCertificateAsync(app, ct),
        (_, _, report) => CertsPrinter.Report(context.Out, report));
}
