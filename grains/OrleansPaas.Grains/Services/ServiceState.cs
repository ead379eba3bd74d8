using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>A service's desired state; what runs is read from its node.</summary>
[GenerateSerializer, Alias("paas.ServiceState")]
public sealed class ServiceState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public ServiceKind Kind { get; set; }
    [Id(2)] public string Image { get; set; } = "";
    [Id(3)] public string Node { get; set; } = "";
    [Id(4)] public string Password { get; set; } = "";
    [Id(5)] public List<ServiceLink> Links { get; set; } = [];
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
}
