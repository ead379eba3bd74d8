namespace OrleansPaas.Builds;

/// <summary>
/// One build of an app as <c>builds:list</c> shows it (Dokku's builds records): what was built
/// (a commit, or an image for <c>git:from-image</c>), with which builder, when, how long, how it
/// ended, the release it made and the node it ran on. Kept in the app's state, so any node reads it.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.BuildRecord")]
public sealed record BuildRecord(
    [property: Id(0)] int Id,
    [property: Id(1)] string Commit,
    [property: Id(2)] string? Image,
    // "dockerfile", "buildpacks" or "image"; empty until the build says which.
    [property: Id(3)] string Builder,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] DateTimeOffset? FinishedAt,
    [property: Id(6)] BuildOutcome Outcome,
    [property: Id(7)] int? Release,
    [property: Id(8)] string Node,
    // Set when the build made a release's image again (no live node held it any more): that release's version.
    [property: Id(9)] int? RebuildOf = null);

/// <summary>A build's record and its whole output (so far, while it runs).</summary>
[GenerateSerializer, Immutable, Alias("paas.BuildOutput")]
public sealed record BuildOutput(
    [property: Id(0)] BuildRecord Record,
    [property: Id(1)] string Text);
