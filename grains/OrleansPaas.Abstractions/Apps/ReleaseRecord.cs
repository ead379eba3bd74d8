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
    [property: Id(7)] IReadOnlyDictionary<string, string> Config,
    [property: Id(8)] IReadOnlyDictionary<string, string> ProcessTypes,
    [property: Id(9)] ReleaseKind Kind,
    [property: Id(10)] IReadOnlyList<HealthCheck> Checks,
    [property: Id(11)] IReadOnlyDictionary<string, int> Formation,
    // Null for releases stored before app.json's scripts, formation and cron were read.
    [property: Id(12)] AppJsonSettings? AppJson = null)
{
    /// <summary>The process type run once, to completion, before a release's instances start (Heroku's release phase).</summary>
    public const string ReleasePhase = "release";

    public string Name => $"v{Version}";

    /// <summary>Process types that run as scalable instances (all but the release phase).</summary>
    public IEnumerable<string> ScalableTypes => ProcessTypes.Keys.Where(t => t != ReleasePhase).Order(StringComparer.Ordinal);
}

/// <summary>How a release's image was made, which decides how a process type's command is started.</summary>
[GenerateSerializer, Alias("paas.ReleaseKind")]
public enum ReleaseKind
{
    /// <summary>Built from a Dockerfile (or a given image): commands run with the image's <c>sh -c</c>, empty means the image's CMD.</summary>
    Image = 0,

    /// <summary>A buildpack slug: commands run through the slug's launcher.</summary>
    Slug = 1,
}

[GenerateSerializer, Alias("paas.ReleaseStatus")]
public enum ReleaseStatus
{
    Pending = 0,
    Deployed = 1,
    Failed = 2,
}
