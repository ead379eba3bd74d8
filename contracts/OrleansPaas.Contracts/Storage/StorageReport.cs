namespace OrleansPaas.Contracts.Storage;

/// <summary><c>GET /api/apps/{app}/storage</c>: the app's mounts, and the node holding them (null before its first deploy with storage).</summary>
public sealed record StorageReport
{
    public IReadOnlyList<StorageMountView> Mounts { get; init; } = [];
    public string? Node { get; init; }

    /// <summary>Why the app runs where it does, in one sentence; null without storage.</summary>
    public string? Placement { get; init; }
}
