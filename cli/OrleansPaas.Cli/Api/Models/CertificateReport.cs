namespace OrleansPaas.Cli.Api.Models;

/// <summary>An app's certificate as the API reports it (never its key), and which hosts it serves.</summary>
internal sealed record CertificateReport
{
    public string App { get; init; } = "";
    public bool Enabled { get; init; }
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

internal sealed record CertificateRequest(string Certificate, string Key);

internal sealed record HstsRequest(bool Enabled);
