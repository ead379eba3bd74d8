using Docker.DotNet;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Gateway.Images;

/// <summary>The server half of an image transfer: the engine's <c>docker save</c> stream of one image.</summary>
public sealed class ImageExport(DockerClientProvider docker)
{
    /// <summary>
    /// Opens the tarball as the engine produces it (never buffered), or null when the image is
    /// not on this node. Existence is checked first because some engines answer a save of a
    /// missing image with a 200 and a broken stream.
    /// </summary>
    public async Task<Stream?> OpenAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Client.Images.InspectImageAsync(reference, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        return await docker.Client.Images.SaveImageAsync(reference, cancellationToken);
    }
}
