using OrleansPaas.Grains.Claims;

namespace OrleansPaas.Grains.Attachments;

[GenerateSerializer, Alias("paas.HostPortState")]
public sealed class HostPortState : IHolderState
{
    [Id(0)] public string? Holder { get; set; }
}
