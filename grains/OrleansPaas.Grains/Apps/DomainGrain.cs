using OrleansPaas.Apps;
using OrleansPaas.Grains.Claims;

namespace OrleansPaas.Grains.Apps;

/// <summary>The owner of one host name: "one app per domain", cluster-wide.</summary>
public sealed class DomainGrain(
    [PersistentState("domain", GrainStorage.Name)] IPersistentState<DomainState> state) : SingleHolderGrain<DomainState>(state), IDomainGrain
{
    public Task<string?> OwnerAsync() => Task.FromResult(Holder);
}
