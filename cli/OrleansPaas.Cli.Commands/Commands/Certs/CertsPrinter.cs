using OrleansPaas.Contracts.Certs;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Certs;

/// <summary>Human output of a certificate report, shared by the certs:* commands.</summary>
internal static class CertsPrinter
{
    public static void Report(TextWriter writer, CertificateView report)
    {
        writer.Header($"{report.App} ssl information");
        if (!report.Enabled)
        {
            writer.KeyValues(
            [
                ("Ssl enabled", "false"),
                ("Hosts without TLS", report.UncoveredHosts.Count == 0 ? "none" : string.Join(' ', report.UncoveredHosts)),
            ]);
            return;
        }

        writer.KeyValues(
        [
            ("Ssl enabled", "true"),
            ("Source", report.Source ?? ""),
            ("Served hosts", report.ServedHosts.Count == 0 ? "none" : string.Join(' ', report.ServedHosts)),
            ("Hosts without TLS", report.UncoveredHosts.Count == 0 ? "none" : string.Join(' ', report.UncoveredHosts)),
            ("Names", string.Join(' ', report.Names)),
            ("Subject", report.Subject ?? ""),
            ("Issuer", report.Issuer ?? ""),
            ("Starts at", report.NotBefore?.ToString("u") ?? ""),
            ("Expires at", report.NotAfter?.ToString("u") ?? ""),
            ("Fingerprint (SHA-256)", report.Fingerprint ?? ""),
            ("HSTS", report.Hsts ? "on" : "off"),
        ]);
    }
}
