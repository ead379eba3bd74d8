using OrleansPaas.Gateway.Auth;
using OrleansPaas.NodeServices.Runtime.Images;
using OrleansPaas.Nodes;

namespace OrleansPaas.Gateway.Images;

/// <summary>
/// Brings an image from another node without a registry: asks that node where its control
/// endpoint is, then streams its <c>docker save</c> into this engine's <c>docker load</c>
/// (<see cref="ImageTransfer"/>), authenticated with the cluster's shared admin token.
/// </summary>
public sealed class ControlPlaneImageSource(IGrainFactory grains, ImageTransfer transfer, AdminToken token) : INodeImageSource
{
    public async Task<string?> FetchAsync(string sourceNode, string image, CancellationToken cancellationToken)
    {
        var controlUrl = await grains.GetGrain<INodeGrain>(sourceNode).GetControlUrlAsync();
        var result = await transfer.FetchAsync(new Uri(controlUrl), image, token.Value, cancellationToken);
        return result.Succeeded ? null : result.Failure;
    }
}
