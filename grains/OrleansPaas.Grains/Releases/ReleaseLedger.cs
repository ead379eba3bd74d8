using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Releases;

/// <summary>
/// The rules of an app's release ledger, apart from the grain that stores it: which records are
/// forgotten, when two releases run the same program, how a record's status changes. Every
/// record carries a full copy of the config (secrets included), so the ledger must not grow forever.
/// </summary>
public static class ReleaseLedger
{
    /// <summary>
    /// Keeps the ledger to <paramref name="keepRecords"/> records, the oldest forgotten first. The
    /// current release and <paramref name="adding"/> stay whatever their age (after failed deploys
    /// the current one is the oldest).
    /// </summary>
    public static void ForgetOldest(List<ReleaseRecord> releases, int? current, int adding, int keepRecords)
    {
        var excess = releases.Count - Math.Max(1, keepRecords);
        var forget = releases
            .Where(r => r.Version != current && r.Version != adding)
            .OrderBy(r => r.Version)
            .Take(Math.Max(0, excess))
            .Select(r => r.Version)
            .ToHashSet();
        releases.RemoveAll(r => forget.Contains(r.Version));
    }

    public static void SetStatus(List<ReleaseRecord> releases, int version, ReleaseStatus status)
    {
        var index = releases.FindIndex(r => r.Version == version);
        releases[index] = releases[index] with { Status = status };
    }

    /// <summary>
    /// A new activation of the app's grain: a release still pending was being deployed by an
    /// activation that died with its node, and that deploy will never finish. It failed; the
    /// current release is what runs. Returns how many were marked.
    /// </summary>
    public static int FailInterrupted(List<ReleaseRecord> releases, int current)
    {
        var interrupted = releases.Where(r => r.Status == ReleaseStatus.Pending && r.Version != current).Select(r => r.Version).ToList();
        foreach (var version in interrupted)
        {
            SetStatus(releases, version, ReleaseStatus.Failed);
        }

        return interrupted.Count;
    }

    /// <summary>Instances of <paramref name="version"/> run the same program as <paramref name="release"/> (same build and config), e.g. across a scale.</summary>
    public static bool IsSameProgram(IReadOnlyList<ReleaseRecord> releases, int version, ReleaseRecord release)
    {
        if (version == release.Version)
        {
            return true;
        }

        var other = releases.FirstOrDefault(r => r.Version == version);
        return other is not null && other.Image == release.Image && other.Kind == release.Kind
            && SameEntries(other.ProcessTypes, release.ProcessTypes) && SameEntries(other.Config, release.Config);
    }

    public static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
