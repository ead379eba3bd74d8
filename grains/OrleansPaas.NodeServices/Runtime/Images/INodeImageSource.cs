namespace OrleansPaas.NodeServices.Runtime.Images;

/// <summary>Brings an image from another node's engine to this one, without a registry.</summary>
public interface INodeImageSource
{
    /// <summary>Copies <paramref name="image"/> from <paramref name="sourceNode"/>; null on success, else why not.</summary>
    Task<string?> FetchAsync(string sourceNode, string image, CancellationToken cancellationToken);
}
