namespace OrleansPaas.Contracts.Resources;

/// <summary>
/// <c>GET /api/apps/{app}/resources</c>: what each container of the app gets, and where each limit
/// comes from (<c>app</c>: <c>resource:limit</c>; <c>default</c>: the platform's <c>Paas:Deploy</c>).
/// </summary>
public sealed record ResourceReport
{
    /// <summary>Cores, e.g. <c>0.5</c>; a node with fewer cores gives what it has.</summary>
    public string Cpu { get; init; } = "";
    public string CpuSource { get; init; } = "default";

    /// <summary>E.g. <c>256m</c>; <see cref="MemoryBytes"/> is the same in bytes.</summary>
    public string Memory { get; init; } = "";
    public long MemoryBytes { get; init; }
    public string MemorySource { get; init; } = "default";

    /// <summary>Processes and threads per container.</summary>
    public long PidsLimit { get; init; }

    /// <summary>The capabilities containers keep; all others are dropped.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public bool NoNewPrivileges { get; init; }

    /// <summary>The bound on a container's own filesystem (<c>Paas:Deploy:DiskLimit</c>); null: none.</summary>
    public string? Disk { get; init; }
}
