namespace OrleansPaas.Tls;

/// <summary>What <c>certs:report</c> shows: the certificate without its key, and which of the app's hosts it serves.</summary>
[GenerateSerializer, Immutable, Alias("paas.CertificateReport")]
public sealed record CertificateReport(
    [property: Id(0)] string App,
    [property: Id(1)] bool Enabled,
    [property: Id(2)] string? Source,
    [property: Id(3)] IReadOnlyList<string> Names,
    [property: Id(4)] IReadOnlyList<string> ServedHosts,
    [property: Id(5)] IReadOnlyList<string> UncoveredHosts,
    [property: Id(6)] DateTimeOffset? NotBefore,
    [property: Id(7)] DateTimeOffset? NotAfter,
    [property: Id(8)] string? Subject,
    [property: Id(9)] string? Issuer,
    [property: Id(10)] string? Fingerprint,
    [property: Id(11)] bool Hsts,
    [property: Id(12)] bool LetsEncrypt = false,
    [property: Id(13)] DateTimeOffset? RenewsAt = null,
    [property: Id(14)] string? LastFailure = null,
    [property: Id(15)] DateTimeOffset? LastFailureAt = null);

/// <summary>A certificate order started for an app: follow its log by <paramref name="JobId"/>; a refusal instead carries the reason.</summary>
[GenerateSerializer, Immutable, Alias("paas.CertificateJob")]
public sealed record CertificateJob(
    [property: Id(0)] OrleansPaas.Apps.AppCommandResult Result,
    [property: Id(1)] int JobId);
