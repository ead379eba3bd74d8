namespace OrleansPaas.NodeServices.Services.Backups.Targets;

/// <summary>
/// Object keys in the bucket, the directory's layout: <c>services/&lt;service&gt;/&lt;id&gt;.json</c> (the manifest)
/// beside <c>services/&lt;service&gt;/&lt;id&gt;.&lt;dump|rdb&gt;</c>, so a key names the service and the backup.
/// </summary>
public static class BackupKeys
{
    public static string Prefix(string service) => $"services/{service}/";

    public static string Manifest(string service, string id) => $"{Prefix(service)}{id}.json";

    public static string Dump(string service, string file) => Prefix(service) + file;

    /// <summary>The ids of the backups whose manifest and dump are both among <paramref name="keys"/> (the listing of <see cref="Prefix"/>).</summary>
    public static IReadOnlySet<string> WholeBackups(string service, IEnumerable<string> keys)
    {
        var prefix = Prefix(service);
        var names = keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.IndexOf('/', prefix.Length) < 0)
            .Select(k => k[prefix.Length..]).ToHashSet(StringComparer.Ordinal);
        return names
            .Where(n => n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[..^".json".Length])
            .Where(id => BackupStore.IsId(id) && names.Any(n => n != id + ".json" && n.StartsWith(id + ".", StringComparison.Ordinal) && !n.EndsWith(".partial", StringComparison.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);
    }
}
