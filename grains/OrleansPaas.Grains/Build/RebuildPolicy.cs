using OrleansPaas.Apps;
using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// Whether a release whose image no live node holds is built again now, and on which node. A
/// rebuild is a whole build, so it is not queued beside another build, for a stopped app, or on
/// every pass after one failed.
/// </summary>
public static class RebuildPolicy
{
    /// <summary>How long after a failed rebuild of a release the next one may start (a push needs no wait).</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    public static RebuildVerdict Decide(ReleaseRecord release, IReadOnlyList<BuildRecord> builds, bool stopped, int buildsInFlight, DateTimeOffset now)
    {
        if (stopped || buildsInFlight > 0)
        {
            return RebuildVerdict.NotNow;
        }

        if (builds.LastOrDefault(b => b.RebuildOf == release.Version) is { Outcome: not BuildOutcome.Succeeded, FinishedAt: { } failedAt }
            && now - failedAt < RetryAfterFailure)
        {
            return RebuildVerdict.NotNow;
        }

        // A release deployed from an image has no commit to build.
        return release.Commit.Length == 0 ? RebuildVerdict.Impossible : RebuildVerdict.Queue;
    }

    /// <summary>The live node that built the release (its repository copy has the commit), else <paramref name="local"/>.</summary>
    public static string Node(ReleaseRecord release, IReadOnlyList<BuildRecord> builds, IReadOnlyList<string> live, string local)
    {
        var builtOn = builds.LastOrDefault(b => b.Release == release.Version && b.Image is null)?.Node;
        return builtOn is not null && live.Contains(builtOn) ? builtOn : local;
    }
}

public enum RebuildVerdict
{
    Queue,
    NotNow,
    Impossible,
}
