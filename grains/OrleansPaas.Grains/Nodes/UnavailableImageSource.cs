namespace OrleansPaas.Grains.Nodes;

/// <summary>Used until nodes can send images to each other: says plainly that they cannot.</summary>
public sealed class UnavailableImageSource : INodeImageSource
{
    public Task<string?> FetchAsync(string sourceNode, string image, CancellationToken cancellationToken) =>
        Task.FromResult<string?>("this node cannot fetch images from other nodes yet");
}
