namespace OrleansPaas.Contracts.Storage;

/// <summary>One mount of an app: <c>volume</c> (a named volume the platform owns) or <c>host</c> (a host directory).</summary>
public sealed record StorageMountView
{
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "volume";

    /// <summary>The engine's volume name or the host directory.</summary>
    public string Source { get; init; } = "";
    public string ContainerPath { get; init; } = "";
}
