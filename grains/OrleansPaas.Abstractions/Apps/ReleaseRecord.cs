namespace OrleansPaas.Apps;

/// <summary>One entry of an app's release ledger. Releases are immutable once deployed.</summary>
[GenerateSerializer, Immutable, Alias("paas.ReleaseRecord")]
public sealed record ReleaseRecord(
    [property: Id(0)] int Version,
    [property: Id(1)] string Image,
    [property: Id(2)] string Commit,
    [property: Id(3)] int Port,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] ReleaseStatus Status,
    [property: Id(6)] string Description,
    [property: Id(7)] IReadOnlyDictionary<string, string> Config)
{
    public string Name => $"v{Version}";
}

[GenerateSerializer, Alias("paas.ReleaseStatus")]
public enum ReleaseStatus
{
    Pending = 0,
    Deployed = 1,
    Failed = 2,
}
