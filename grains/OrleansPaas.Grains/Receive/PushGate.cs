using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Receive;

/// <summary>
/// A push is a compare-and-swap on the deploy branch, decided by the app's grain (the one writer)
/// before anything is built. Git itself checks the old commit only when it moves the ref, after
/// the pre-receive hook, i.e. after the deploy; and in a cluster each node has its own repository.
/// So two pushes from one parent through two nodes would both deploy, and one commit would be lost.
/// Here the first claims the branch; while it builds and deploys, any other push is refused (it
/// could only overwrite it), and afterwards a push is accepted only from the head last accepted.
/// The cluster store's conditional update (<c>IRepositoryStore.SavePackAsync</c>) is the second
/// check, for whatever this in-memory gate cannot see (a grain that moved mid-push).
/// </summary>
public sealed class PushGate
{
    /// <summary>
    /// How long a deployed push waits for its hook's word before the gate lets the next push in:
    /// the hook only stores the repository, seconds; a hook that died never answers.
    /// </summary>
    public static readonly TimeSpan UnconfirmedClaimLasts = TimeSpan.FromMinutes(1);

    // Heads accepted during this activation, by ref: newer than a node's copy of the repository.
    private readonly Dictionary<string, string> _accepted = new(StringComparer.Ordinal);
    private PushClaim? _claim;

    /// <summary>Why <paramref name="push"/> is refused, or null (then <see cref="Claim"/> it); a build that is not a push always passes.</summary>
    public string? Refusal(BuildSource push, DateTimeOffset now)
    {
        if (push.OldCommit is not { } old)
        {
            return null;
        }

        if (_claim is { } other && !Expired(other, now))
        {
            return $"another push ({Short(other.NewCommit)}) is deploying this app; yours would overwrite it. " +
                   "Once it has finished: fetch, merge or rebase, and push again";
        }

        var expected = _accepted.GetValueOrDefault(push.RefName) ?? push.RepositoryCommit;
        var matches = expected is null ? IsZero(old) : string.Equals(old, expected, StringComparison.OrdinalIgnoreCase);
        return matches
            ? null
            : $"{Branch(push.RefName)} is at {(expected is null ? "no commit" : Short(expected))}, not at {Short(old)} where your push started " +
              "(another push landed first): fetch, merge or rebase, and push again";
    }

    /// <summary>Holds the branch for an accepted push until it ends.</summary>
    public void Claim(int buildId, BuildSource push)
    {
        if (push.OldCommit is { } old)
        {
            _claim = new PushClaim(buildId, push.RefName, old, push.Commit);
        }
    }

    /// <summary>A build ended: a failed or abandoned push frees the branch; a deployed one waits for its hook.</summary>
    public void BuildEnded(int buildId, bool deployed, DateTimeOffset now)
    {
        if (_claim?.BuildId != buildId)
        {
            return;
        }

        _claim = deployed ? _claim with { DeployedAt = now } : null;
    }

    /// <summary>The hook's word: published, the branch is at the new commit; otherwise it stays where it was.</summary>
    public void PushEnded(int buildId, bool published)
    {
        if (_claim is not { } claim || claim.BuildId != buildId)
        {
            return;
        }

        if (published)
        {
            _accepted[claim.RefName] = claim.NewCommit;
        }

        _claim = null;
    }

    /// <summary>The app was destroyed: a new app of the same name starts with no branch.</summary>
    public void Forget()
    {
        _accepted.Clear();
        _claim = null;
    }

    private static bool Expired(PushClaim claim, DateTimeOffset now) => claim.DeployedAt is { } at && now - at > UnconfirmedClaimLasts;

    private static bool IsZero(string commit) => commit.All(c => c == '0');

    private static string Short(string commit) => commit.Length > 7 ? commit[..7] : commit;

    private static string Branch(string refName) => refName.StartsWith("refs/heads/", StringComparison.Ordinal) ? refName["refs/heads/".Length..] : refName;
}
