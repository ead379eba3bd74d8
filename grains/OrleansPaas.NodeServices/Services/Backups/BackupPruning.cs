namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>Which backups a schedule's <c>keep</c> removes; the targets they are removed from are the ones that hold them.</summary>
public static class BackupPruning
{
    /// <summary>
    /// For each schedule in <paramref name="inForce"/>, all but the newest that many of the backups it made (<paramref name="all"/> is newest first);
    /// a schedule removed since keeps as many as its newest backup's manifest says it kept then (<see cref="ServiceBackupManifest.Keeps"/>),
    /// so its backups do not stay for ever. Never one made by hand, one of a removed schedule whose keep no manifest records
    /// (made before keeps were recorded), or the newest verified one (what a lost service comes back from).
    /// </summary>
    public static IReadOnlyList<StoredBackup> Choose(IReadOnlyList<StoredBackup> all, IReadOnlyDictionary<string, int> inForce)
    {
        var keep = new Dictionary<string, int>(inForce, StringComparer.Ordinal);
        foreach (var recorded in all.Select(b => b.Manifest.Keeps).OfType<IReadOnlyDictionary<string, int>>())
        {
            foreach (var (schedule, count) in recorded)
            {
                keep.TryAdd(schedule, count);
            }
        }

        var newestProven = all.FirstOrDefault(b => b.Manifest.Verification?.Passed == true);
        var keptBySchedule = keep
            .SelectMany(schedule => all.Where(b => b.Manifest.Schedules?.Contains(schedule.Key) == true).Take(Math.Max(schedule.Value, 0)))
            .ToHashSet();
        return all.Where(b => b.Manifest.Schedules is { Count: > 0 } made
            && made.All(keep.ContainsKey) && !keptBySchedule.Contains(b) && b != newestProven).ToList();
    }
}
