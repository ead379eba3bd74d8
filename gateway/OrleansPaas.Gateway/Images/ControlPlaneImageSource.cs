using OrleansPaas.NodeServices.Runtime.Images;
using OrleansPaas.Nodes;

namespace OrleansPaas.Gateway.Images;

/// <summary>
/// Brings an image from another node without a registry: asks that node where its internal
/// listener is, then streams its <c>docker save</c> into this engine's <c>docker load</c>
/// (<see cref="ImageTransfer"/>), authenticated by the cluster certificate, never by the admin token.
/// </summary>
public sealed class ControlPlaneImageSource(IGrainFactory grains, ImageTransfer transfer) : INodeImageSource
{
    public async Task<string?> FetchAsync(string sourceNode, string image, CancellationToken cancellationToken)
    {
        var internalUrl = await grains.Node(sourceNode).GetInternalUrlAsync();
        var result = await transfer.FetchAsync(new Uri(internalUrl), image, cancellationToken);
        return result.Succeeded ? null : result.Failure;
    }
}
