using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

/// <summary>The persisted state of one app's TLS (<see cref="AppCertificateGrain"/>): what the user chose and what ACME last said.</summary>
[GenerateSerializer, Alias("paas.AppCertificateState")]
public sealed class AppCertificateState
{
    /// <summary>The certificate every gateway serves for the app's hosts it names (own or from ACME).</summary>
    [Id(0)] public AppCertificate? Certificate { get; set; }

    /// <summary>HTTPS answers carry Strict-Transport-Security unless this is set (<c>certs:hsts APP off</c>).</summary>
    [Id(1)] public bool HstsOff { get; set; }

    /// <summary>The certificate is ordered, and renewed, over ACME (<c>letsencrypt:enable</c>).</summary>
    [Id(2)] public bool LetsEncrypt { get; set; }

    /// <summary>The last ACME failure in the ACME server's words, until an order succeeds; shown by <c>letsencrypt:list</c>.</summary>
    [Id(3)] public string? AcmeFailure { get; set; }

    [Id(4)] public DateTimeOffset? AcmeFailedAt { get; set; }

    /// <summary>Failed attempts in a row: the wait before the next renewal attempt doubles with each.</summary>
    [Id(5)] public int AcmeFailures { get; set; }

    public bool IsEmpty => Certificate is null && !HstsOff && !LetsEncrypt && AcmeFailure is null && AcmeFailedAt is null && AcmeFailures == 0;
}
