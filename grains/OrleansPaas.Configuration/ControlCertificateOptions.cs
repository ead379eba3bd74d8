namespace OrleansPaas.Configuration;

public sealed class ControlCertificateOptions
{
    /// <summary>PEM certificate chain (leaf first).</summary>
    public string? Path { get; set; }

    /// <summary>PEM private key (unencrypted) of the certificate.</summary>
    public string? KeyPath { get; set; }

    public bool IsSet => !string.IsNullOrWhiteSpace(Path);
}
