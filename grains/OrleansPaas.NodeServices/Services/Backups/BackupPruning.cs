namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>Which backups a schedule's <c>keep</c> removes; the targets they are removed from are the ones that hold them.</summary>
public static class BackupPruning
{
    /// <summary>
    /// For each schedule in <paramref name="keep"/>, all but the newest that many of the backups it made (<paramref name="all"/> is newest first);
    /// never one made by hand, one also made for a schedule not in <paramref name="keep"/>, or the newest verified one
    /// (what a lost service comes back from).
    /// </summary>
    public static IReadOnlyList<StoredBackup> Choose(IReadOnlyList<StoredBackup> all, IReadOnlyDictionary<string, int> keep)
    {
        var newestProven = all.FirstOrDefault(b => b.Manifest.Verification?.Passed == true);
        var keptBySchedule = keep
            .SelectMany(schedule => all.Where(b => b.Manifest.Schedules?.Contains(schedule.Key) == true).Take(Math.Max(schedule.Value, 0)))
            .ToHashSet();
        return all.Where(b => b.Manifest.Schedules is { Count: > 0 } made
            && made.All(keep.ContainsKey) && !keptBySchedule.Contains(b) && b != newestProven).ToList();
    }
}
