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

    /// <summary>Adds <paramref name="release"/> (the next version) and forgets the oldest records beyond <paramref name="keepRecords"/>.</summary>
    public static void Add(List<ReleaseRecord> releases, ReleaseRecord release, int? current, int keepRecords)
    {
        releases.Add(release);
        ForgetOldest(releases, current, release.Version, keepRecords);
    }

    /// <summary>A new pending release of the same build as <paramref name="basis"/>, with its own config and formation.</summary>
    public static ReleaseRecord Like(ReleaseRecord basis, int version, string description,
        IReadOnlyDictionary<string, string> config, IReadOnlyDictionary<string, int> formation, DateTimeOffset now) =>
        new(version, basis.Image, basis.Commit, basis.Port, now, ReleaseStatus.Pending, description, new Dictionary<string, string>(config),
            basis.ProcessTypes, basis.Kind, basis.Checks, new Dictionary<string, int>(formation), basis.AppJson);

    /// <summary>
    /// The images the nodes keep: those of the newest <paramref name="keep"/> releases (at least one)
    /// and of the current release, which failed deploys since may have made older than them.
    /// </summary>
    public static IReadOnlyList<string> ImagesKept(IReadOnlyList<ReleaseRecord> releases, ReleaseRecord? current, int keep) =>
        releases
            .OrderByDescending(r => r.Version)
            .Take(Math.Max(1, keep))
            .Select(r => r.Image)
            .Append(current?.Image)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

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
