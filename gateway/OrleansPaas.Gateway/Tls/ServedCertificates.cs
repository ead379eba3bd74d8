using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using OrleansPaas.Tls;

namespace OrleansPaas.Gateway.Tls;

/// <summary>
/// A TLS table snapshot made ready for handshakes: each app's <see cref="GatewayCertificate"/> (kept
/// from the previous snapshot when unchanged, so a new version does not reload every key) and the
/// pending ACME HTTP-01 answers.
/// </summary>
public sealed class ServedCertificates
{
    public static ServedCertificates Empty { get; } = new(0, FrozenDictionary<string, GatewayCertificate>.Empty, FrozenDictionary<string, string>.Empty);

    private ServedCertificates(long version, FrozenDictionary<string, GatewayCertificate> byApp, FrozenDictionary<string, string> challenges)
    {
        Version = version;
        ByApp = byApp;
        Challenges = challenges;
    }

    public long Version { get; }

    public FrozenDictionary<string, GatewayCertificate> ByApp { get; }

    /// <summary>ACME HTTP-01 token → key authorization.</summary>
    public FrozenDictionary<string, string> Challenges { get; }

    public ServedCertificates Next(TlsSnapshot snapshot, ILogger logger)
    {
        var byApp = new Dictionary<string, GatewayCertificate>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Apps)
        {
            if (ByApp.TryGetValue(entry.App, out var kept) && kept.SameAs(entry))
            {
                byApp[entry.App] = kept;
                continue;
            }

            try
            {
                byApp[entry.App] = new GatewayCertificate(entry);
            }
            catch (Exception ex)
            {
                // One unreadable certificate must not take the others down; its hosts get no TLS.
                TlsLog.CertificateUnusable(logger, entry.App, ex.Message);
            }
        }

        return new ServedCertificates(snapshot.Version, byApp.ToFrozenDictionary(StringComparer.Ordinal),
            snapshot.Challenges.ToFrozenDictionary(StringComparer.Ordinal));
    }
}
