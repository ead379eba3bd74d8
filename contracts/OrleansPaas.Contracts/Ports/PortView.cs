namespace OrleansPaas.Contracts.Ports;

/// <summary>One published port: <see cref="Spec"/> is Dokku's form, <c>udp:1194:1194</c>.</summary>
public sealed record PortView
{
    public string Spec { get; init; } = "";
    public string Protocol { get; init; } = "";
    public int HostPort { get; init; }
    public int ContainerPort { get; init; }
}
