namespace OrleansPaas.Configuration;

/// <summary><c>Paas:Storage</c>: where <c>storage:mount</c> may take host directories from.</summary>
public sealed class StorageOptions
{
    /// <summary>
    /// Host directories apps may mount lie under one of these (after links are followed). Unset:
    /// <see cref="DefaultRoots"/>. Null rather than a list with defaults: the configuration binder adds
    /// configured items to a list's existing ones, so configured roots would never replace the defaults.
    /// </summary>
    public string[]? HostRoots { get; set; }

    /// <summary>
    /// <c>storage:move</c> gives a volume copy up when no byte has arrived for this long (the app then runs
    /// again on its old node). A copy still moving is never cut, however long it takes.
    /// </summary>
    public TimeSpan MoveStallTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The data folder's <c>storage</c> directory (kept and backed up with the node), <c>/srv</c> (the
    /// filesystem standard's place for what the node serves), <c>/mnt</c> and <c>/media</c> (disks the
    /// household plugs in or mounts: a NAS share, a USB drive) and <c>/home</c> (a user's own files, such
    /// as photos an app serves). Not <c>/var</c>, <c>/opt</c> or <c>/tmp</c>: other programs keep state
    /// there, and anyone may plant a link in <c>/tmp</c>.
    /// </summary>
    public static IReadOnlyList<string> DefaultRoots(string dataDir) =>
        [Path.Combine(Path.GetFullPath(dataDir), OrleansPaas.Attachments.StoragePaths.DataFolderRoot), "/srv", "/mnt", "/media", "/home"];

    public IReadOnlyList<string> EffectiveHostRoots(string dataDir) =>
        HostRoots is { Length: > 0 } roots ? roots.Select(r => r.Trim()).Where(r => r.Length > 0).ToList() : DefaultRoots(dataDir);
}
