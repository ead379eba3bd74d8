namespace OrleansPaas.Attachments;

/// <summary>
/// What an app's containers get beyond its code and config, as the app's grain stored it: persistent
/// mounts (every container: web, worker, release, one-off), published ports (only the one ported
/// instance), and the extra capabilities and devices of <c>ps:set</c> (from the allow-list).
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ContainerAttachments")]
public sealed record ContainerAttachments(
    [property: Id(0)] IReadOnlyList<StorageMount> Mounts,
    [property: Id(1)] IReadOnlyList<PortMapping> Ports,
    [property: Id(2)] IReadOnlyList<string> Capabilities,
    [property: Id(3)] IReadOnlyList<string> Devices)
{
    public static ContainerAttachments None { get; } = new([], [], [], []);

    public bool IsEmpty => Mounts.Count == 0 && Ports.Count == 0 && Capabilities.Count == 0 && Devices.Count == 0;

    /// <summary>The same without ports: what every container but the ported instance gets (a port has one holder).</summary>
    public ContainerAttachments WithoutPorts() => Ports.Count == 0 ? this : this with { Ports = [] };

    /// <summary>
    /// The process type that holds the ports: <c>web</c> if the Procfile declares it (or there is nothing
    /// else: a Dockerfile's CMD is <c>web</c>), else the first declared type by name (a Procfile with only
    /// <c>vpn:</c> ports <c>vpn</c>). It runs exactly one instance. Null: no process types known.
    /// </summary>
    public static string? PortedProcess(IReadOnlyDictionary<string, string>? processTypes)
    {
        if (processTypes is null)
        {
            return "web";
        }

        var declared = processTypes.Where(p => p.Key != "release" && (p.Key != "web" || p.Value.Length > 0)).Select(p => p.Key).ToList();
        return declared.Contains("web") || declared.Count == 0
            ? processTypes.ContainsKey("web") ? "web" : null
            : declared.Order(StringComparer.Ordinal).First();
    }
}
