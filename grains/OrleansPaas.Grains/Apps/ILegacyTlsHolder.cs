using Orleans.Concurrency;
using OrleansPaas.Grains.Tls;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// The app grain's side of an upgrade: before certificates had their own grain (<see cref="AppCertificateGrain"/>),
/// an app's TLS lived in <see cref="AppState"/> (ids 10-15). The certificate grain takes it over once.
/// </summary>
[Alias("paas.ILegacyTlsHolder")]
public interface ILegacyTlsHolder : IGrainWithStringKey
{
    /// <summary>The TLS the app grain still holds, or null when it holds none or the app does not exist.</summary>
    // Interleaves: the certificate grain asks from its activation, which an app grain command may be waiting for.
    [AlwaysInterleave, Alias("GetLegacyTls")]
    Task<AppCertificateState?> GetLegacyTlsAsync();

    /// <summary>The certificate grain has stored it: the app grain drops its copy.</summary>
    // One way: the app grain saves under its command lock, which a command waiting for the certificate grain may hold.
    [OneWay, Alias("ForgetLegacyTls")]
    Task ForgetLegacyTlsAsync();
}
