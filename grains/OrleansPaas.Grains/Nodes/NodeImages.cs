using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Runtime.Images;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Nodes;

/// <summary>The node grain's images: which it has, bringing one from another node, release tags, pruning.</summary>
public sealed partial class NodeImages(IAppImages images, INodeImageSource imageSource, IGrainFactory grains, ILogger<NodeImages> logger)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly ArrivingImages _arriving = new();

    public Task<bool> HasAsync(string image) => images.ImageExistsAsync(image, None);

    public Task<IReadOnlyList<string>> ListReleaseImagesAsync() => images.ListReleaseImagesAsync(None);

    public async Task<ImagePresence> PresenceAsync(string image)
    {
        // Arrivals first: one that lands between the two checks then reads as present, never as absent.
        if (_arriving.IsArriving(image))
        {
            return ImagePresence.Arriving;
        }

        return await images.ImageExistsAsync(image, None) ? ImagePresence.Present : ImagePresence.Absent;
    }

    /// <summary>
    /// Makes sure the image is on <paramref name="node"/> (this one); null, or why it could not.
    /// Callers asking for an image already on its way here wait for that one copy.
    /// </summary>
    public async Task<string?> EnsureAsync(string node, string image, IReadOnlyList<string> sources)
    {
        if (await images.ImageExistsAsync(image, None))
        {
            return null;
        }

        return await _arriving.JoinAsync(image, () => FetchAsync(node, image, sources));
    }

    private async Task<string?> FetchAsync(string node, string image, IReadOnlyList<string> sources)
    {
        if (await images.ImageExistsAsync(image, None))
        {
            // Another caller's copy landed between the first look and this one's turn.
            return null;
        }


        var problems = new List<string>();
        foreach (var source in sources.Where(s => s != node))
        {
            try
            {
                if (!await grains.Node(source).HasImageAsync(image))
                {
                    continue;
                }

                var problem = await imageSource.FetchAsync(source, image, None);
                if (problem is null)
                {
                    LogImageFetched(logger, image, source);
                    return null;
                }

                problems.Add($"{source}: {problem}");
            }
            catch (Exception ex)
            {
                problems.Add($"{source}: {ex.GetBaseException().Message}");
            }
        }

        return problems.Count == 0
            ? $"image {image} is on no live node"
            : $"could not bring image {image} to {node} ({string.Join("; ", problems)})";
    }

    public async Task<int?> TagReleaseAsync(string image, string releaseTag, bool removeSource)
    {
        await images.TagAsync(image, releaseTag, None);
        if (removeSource)
        {
            // The build tag was only the hand-over to the release tag.
            await images.RemoveImageAsync(image, None);
        }

        return await images.GetExposedPortAsync(releaseTag, None);
    }

    public Task PruneAsync(string app, IReadOnlyList<string> keepImages) =>
        images.PruneAsync(AppName.Parse(app), keepImages.ToHashSet(StringComparer.Ordinal), None);

    public Task<long> BytesAsync(string app) => images.ImageBytesAsync(AppName.Parse(app), None);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched image {Image} from node {Source}")]
    private static partial void LogImageFetched(ILogger logger, string image, string source);
}
