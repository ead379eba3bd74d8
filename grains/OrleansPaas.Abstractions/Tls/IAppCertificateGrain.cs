using Orleans.Concurrency;
using OrleansPaas.Apps;
using OrleansPaas.Builds;

namespace OrleansPaas.Tls;

/// <summary>
/// One app's TLS (key = app name): its certificate (own, or ordered and renewed over ACME) and HSTS,
/// published to the <see cref="ITlsTableGrain"/>. The app's hosts and whether it exists are asked of
/// its <see cref="IAppGrain"/>; an app that does not exist is refused as the app grain refuses it.
/// </summary>
[Alias("paas.IAppCertificateGrain")]
public interface IAppCertificateGrain : IGrainWithStringKey
{
    /// <summary>The app's certificate without its key, and which of its hosts it serves; null when the app does not exist.</summary>
    [AlwaysInterleave, Alias("GetCertificate")]
    Task<CertificateReport?> GetCertificateAsync();

    /// <summary>What the TLS table serves for this app (its certificate and HSTS), or null: how a new table activation gathers certificates.</summary>
    [AlwaysInterleave, Alias("GetTlsEntry")]
    Task<TlsEntry?> GetTlsEntryAsync();

    /// <summary>Serves the app's hosts with this PEM chain and key; refused (Invalid, with the reason) unless they fit together, are valid now and name one of its hosts.</summary>
    [Alias("AddCertificate")]
    Task<AppCommandResult> AddCertificateAsync(string chainPem, string keyPem);

    [Alias("RemoveCertificate")]
    Task<AppCommandResult> RemoveCertificateAsync();

    /// <summary>Whether HTTPS answers carry Strict-Transport-Security (default on).</summary>
    [Alias("SetHsts")]
    Task<AppCommandResult> SetHstsAsync(bool enabled);

    /// <summary>
    /// Orders a certificate for the app's default host and domains over ACME, then keeps it renewed.
    /// Returns at once with the job to follow; a job already running is returned rather than started twice.
    /// </summary>
    [Alias("EnableLetsEncrypt")]
    Task<CertificateJob> EnableLetsEncryptAsync();

    /// <summary>Stops renewing and removes the certificate ACME issued.</summary>
    [Alias("DisableLetsEncrypt")]
    Task<AppCommandResult> DisableLetsEncryptAsync();

    /// <summary>Log lines of a certificate order from <paramref name="fromLine"/> on; waits up to <paramref name="wait"/> for new lines.</summary>
    [AlwaysInterleave, Alias("ReadCertificateLog")]
    Task<BuildLogChunk> ReadCertificateLogAsync(int jobId, int fromLine, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>The app grain's word that the app's domains changed: with Let's Encrypt on, a certificate for the new set is ordered.</summary>
    [Alias("HostsChanged")]
    Task HostsChangedAsync();

    /// <summary>The app is being destroyed: its entry leaves the TLS table, its state and renewal reminder go.</summary>
    [Alias("Forget")]
    Task ForgetAsync();
}
