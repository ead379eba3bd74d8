using OrleansPaas.Contracts.Domains;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Domains;

/// <summary>Human output of a domains report, shared by the domains:* commands.</summary>
internal static class DomainsPrinter
{
    public static void Report(TextWriter writer, string app, DomainsView report)
    {
        writer.Header($"{app} domains information");
        writer.KeyValues(
        [
            ("Default domain", report.Default),
            ("Domains", report.Domains.Count == 0 ? "none" : string.Join(' ', report.Domains)),
        ]);
    }
}
