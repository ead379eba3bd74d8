namespace OrleansPaas.Contracts.Certs;

/// <summary>
/// An app's certificate as <c>certs:report</c> and <c>letsencrypt:list</c> show it (never its key),
/// which of the app's hosts it serves, and the state of its Let's Encrypt renewal.
/// </summary>
public sealed record CertificateView
{
    public string App { get; init; } = "";
    public bool Enabled { get; init; }

    /// <summary>Where the certificate came from; null when the app has none.</summary>
    public string? Source { get; init; }

    public IReadOnlyList<string> Names { get; init; } = [];
    public IReadOnlyList<string> ServedHosts { get; init; } = [];
    public IReadOnlyList<string> UncoveredHosts { get; init; } = [];
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? NotAfter { get; init; }
    public string? Subject { get; init; }
    public string? Issuer { get; init; }
    public string? Fingerprint { get; init; }
    public bool Hsts { get; init; }
    public bool LetsEncrypt { get; init; }
    public DateTimeOffset? RenewsAt { get; init; }
    public string? LastFailure { get; init; }
    public DateTimeOffset? LastFailureAt { get; init; }
}
