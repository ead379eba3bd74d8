namespace OrleansPaas.Configuration;

public sealed class AcmeOptions
{
    public const string LetsEncryptProduction = "https://acme-v02.api.letsencrypt.org/directory";

    /// <summary>The ACME directory <c>letsencrypt:*</c> orders from.</summary>
    public string DirectoryUrl { get; set; } = LetsEncryptProduction;

    /// <summary>Contact for the ACME account (expiry notices); optional.</summary>
    public string? Email { get; set; }

    /// <summary>A PEM file of extra roots trusted for the ACME server's own HTTPS (private or test ACME servers).</summary>
    public string? TrustedCaFile { get; set; }

    /// <summary>How often each ACME certificate's reminder checks whether it is due for renewal (the reminder's period).</summary>
    public TimeSpan RenewalCheckInterval { get; set; } = TimeSpan.FromHours(1);
}
