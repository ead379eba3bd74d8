namespace OrleansPaas.Audit;

/// <summary>The newest <paramref name="Limit"/> entries after <paramref name="After"/> (a sequence number; 0 for all), of one app or all.</summary>
[GenerateSerializer, Immutable, Alias("paas.AuditQuery")]
public sealed record AuditQuery(
    [property: Id(0)] string? App = null,
    [property: Id(1)] long After = 0,
    [property: Id(2)] int Limit = 100,
    [property: Id(3)] IReadOnlyList<string>? OnlyApps = null);
