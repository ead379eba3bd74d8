namespace OrleansPaas.Attachments;

/// <summary>A host port published to an app's container port (Dokku's <c>ports</c> form: <c>udp:1194:1194</c>).</summary>
[GenerateSerializer, Immutable, Alias("paas.PortMapping")]
public sealed record PortMapping(
    [property: Id(0)] string Protocol,
    [property: Id(1)] int HostPort,
    [property: Id(2)] int ContainerPort)
{
    public const string Tcp = "tcp";
    public const string Udp = "udp";

    /// <summary>The host side, which only one holder at a time may have: <c>udp/1194</c>.</summary>
    public string HostKey => $"{Protocol}/{HostPort}";

    public override string ToString() => $"{Protocol}:{HostPort}:{ContainerPort}";
}
