using OrleansPaas.Grains.Claims;

namespace OrleansPaas.Grains.Apps;

[GenerateSerializer, Alias("paas.DomainState")]
public sealed class DomainState : IHolderState
{
    // Stored as "Owner" since domains were first claimed: the name stays so existing claims read back.
    [Id(0)] public string? Owner { get; set; }

    string? IHolderState.Holder
    {
        get => Owner;
        set => Owner = value;
    }
}
