using OrleansPaas.Attachments;
using OrleansPaas.Grains.Claims;

namespace OrleansPaas.Grains.Attachments;

/// <summary>The holder of one host port: a port is published on whichever node runs its app, so "one app per port" is held cluster-wide.</summary>
public sealed class HostPortGrain(
    [PersistentState("hostport", GrainStorage.Name)] IPersistentState<HostPortState> state) : SingleHolderGrain<HostPortState>(state), IHostPortGrain
{
    public Task<string?> HolderAsync() => Task.FromResult(Holder);
}
