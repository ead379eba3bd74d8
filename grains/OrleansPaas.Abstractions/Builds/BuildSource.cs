namespace OrleansPaas.Builds;

/// <summary>
/// What to build: a commit of the app's bare repository. During a push the new objects are
/// still in git's quarantine directory, so it travels with the request, with the node that
/// received the push (the build runs there, where the repository and quarantine are).
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.BuildSource")]
public sealed record BuildSource(
    [property: Id(0)] string RepositoryPath,
    [property: Id(1)] string Commit,
    [property: Id(2)] string? QuarantineObjectDirectory,
    [property: Id(3)] string RefName,
    [property: Id(4)] string Node = "")
{
    public string ShortCommit => Commit.Length > 7 ? Commit[..7] : Commit;
}
