namespace OrleansPaas.Tls;

/// <summary>
/// The control port's certificate when it comes from ACME (key = <c>Paas:ControlHost</c>): one order
/// for the whole cluster, published to the TLS table under <see cref="TlsKey"/>, renewed by a reminder.
/// </summary>
[Alias("paas.IControlCertificateGrain")]
public interface IControlCertificateGrain : IGrainWithStringKey
{
    /// <summary>The TLS table entry of the control certificate (not an app: no gateway route serves it).</summary>
    const string TlsKey = "@control";

    /// <summary>Orders the certificate if there is none or it is due for renewal; returns at once.</summary>
    [Alias("Ensure")]
    Task EnsureAsync();

    /// <summary>What the TLS table serves for the control port, or null before the first order succeeded.</summary>
    [Orleans.Concurrency.AlwaysInterleave, Alias("GetTlsEntry")]
    Task<TlsEntry?> GetTlsEntryAsync();
}
