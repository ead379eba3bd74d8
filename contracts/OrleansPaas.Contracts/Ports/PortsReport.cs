namespace OrleansPaas.Contracts.Ports;

/// <summary>
/// <c>GET /api/apps/{app}/ports</c>: the app's published ports, the process that holds them (one
/// instance) and the node it runs on now (point DNS or the router there); null fields: not deployed.
/// </summary>
public sealed record PortsReport
{
    public IReadOnlyList<PortView> Ports { get; init; } = [];
    public string? Process { get; init; }
    public string? Node { get; init; }
}
