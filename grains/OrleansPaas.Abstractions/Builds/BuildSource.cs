namespace OrleansPaas.Builds;

/// <summary>
/// What to build: a commit of the app's bare repository. During a push the new objects are
/// still in git's quarantine directory, so its name travels with the request, with the node
/// that received the push (the build runs there, where the repository and quarantine are).
/// No path crosses a grain call: the node derives the repository from the app's name and its
/// data folder, and the quarantine is only a directory name inside that repository's objects.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.BuildSource")]
public sealed record BuildSource(
    [property: Id(1)] string Commit,
    [property: Id(5)] string? QuarantineName,
    [property: Id(3)] string RefName,
    [property: Id(4)] string Node = "",
    [property: Id(6)] string? OldCommit = null,
    [property: Id(7)] string? RepositoryCommit = null)
{
    // OldCommit: for a push, the commit the pusher's git says the branch is at (all zeros for a new
    // branch); null for a build that moves no branch. RepositoryCommit: where the receiving node's
    // repository has the branch (null: nowhere). The app grain accepts the push only if both agree
    // with the head it accepted last (a compare-and-swap), see OrleansPaas.Grains.Receive.PushGate.

    // Id(0) and Id(2) held file-system paths chosen by the caller; never reuse them.

    public string ShortCommit => Commit.Length > 7 ? Commit[..7] : Commit;

    /// <summary>
    /// Why this source cannot be built, or null: a commit is 40 or 64 hex digits, and a quarantine
    /// is git's <c>tmp_objdir-incoming-…</c> directory name, never a path.
    /// </summary>
    public string? Problem()
    {
        if (!IsCommit(Commit))
        {
            return $"'{Commit}' is not a commit id";
        }

        if (OldCommit is not null && !IsCommit(OldCommit) || RepositoryCommit is not null && !IsCommit(RepositoryCommit))
        {
            return "the push's old commit is not a commit id";
        }

        if (QuarantineName is not null && !IsQuarantineName(QuarantineName))
        {
            return $"'{QuarantineName}' is not a push quarantine directory name";
        }

        return null;
    }

    private static bool IsCommit(string id) => id.Length is 40 or 64 && id.All(char.IsAsciiHexDigit);

    private static bool IsQuarantineName(string name) =>
        name.StartsWith("tmp_objdir-incoming-", StringComparison.Ordinal)
        && name.Length <= 64
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
