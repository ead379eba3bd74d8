using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Releases;

/// <summary>
/// Which release <c>releases:rollback</c> deploys, and the sentences that refuse one. Without a
/// version it is the newest earlier release that deployed and runs a different program than the
/// current one (rolling back to a scale or restart of the same build would change nothing).
/// </summary>
public static class RollbackTarget
{
    public static ReleaseRecord? Choose(IReadOnlyList<ReleaseRecord> releases, ReleaseRecord current, int? version) =>
        version is { } wanted
            ? releases.FirstOrDefault(r => r.Version == wanted)
            : releases.Where(r => r.Version < current.Version && r.Status == ReleaseStatus.Deployed
                    && !ReleaseLedger.IsSameProgram(releases, r.Version, current))
                .MaxBy(r => r.Version);

    /// <summary>The refusal when <see cref="Choose"/> found nothing.</summary>
    public static AppCommandResult NotFound(AppName app, int? version) => AppCommandResult.Invalid("version", version is null
        ? $"{app} has no earlier deployed release to roll back to"
        : $"{app} has no release v{version}");

    /// <summary>The refusal when no live node holds the target's image any more (pruned with older releases).</summary>
    public static AppCommandResult ImageRemoved(ReleaseRecord target, int keep) => AppCommandResult.Invalid("version",
        $"the image of v{target.Version} was removed (only the last {keep} releases keep theirs)");
}
