using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

[GenerateSerializer, Alias("paas.ServiceRegistryState")]
public sealed class ServiceRegistryState
{
    [Id(0)] public Dictionary<string, ServiceEntry> Services { get; set; } = new(StringComparer.Ordinal);
}
