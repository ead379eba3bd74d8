using OrleansPaas.Grains.Nodes;
using OrleansPaas.NodeServices.Services;
using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>The services' side of one node's engine (key = node name, on that node's silo); a facade over <see cref="ServiceContainers"/>.</summary>
[Orleans.Concurrency.Reentrant, NodePlacement]
public sealed class ServiceNodeGrain(ServiceContainers containers) : Grain, IServiceNodeGrain
{
    private static readonly CancellationToken None = CancellationToken.None;

    public Task<string?> EnsureRunningAsync(ServiceContainerRequest request) => containers.EnsureRunningAsync(request, None);

    public Task<string> StatusAsync(string name) => containers.StatusAsync(name, None);

    public Task RemoveAsync(string name) => containers.RemoveAsync(name, None);

    public Task DisconnectAppAsync(string name, string app) => containers.DisconnectAppAsync(name, app, None);

    public Task ConnectAppAsync(string name, string app) => containers.ConnectAppAsync(name, app, None);

    public Task<IReadOnlyList<string>> TailAsync(string name, int lines) => containers.TailAsync(name, lines, None);

    public IAsyncEnumerable<string> FollowAsync(string name, int tail, CancellationToken cancellationToken = default) =>
        containers.LinesAsync(name, tail, follow: true, cancellationToken);
}
