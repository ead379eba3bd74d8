using Docker.DotNet;
using Docker.DotNet.Models;
using OrleansPaas.Apps;

namespace OrleansPaas.NodeServices.Runtime.Images;

/// <summary>
/// The apps' images on this node's Docker engine, found by their repository (<c>paas/APP</c>) or their
/// <c>paas.app</c> label: Dockerfile builds are not labelled (the engine's classic builder adds a
/// step, and a container, for a label: 0.15–0.3 s of every push), buildpack builds and images of
/// earlier versions are.
/// </summary>
public sealed class DockerAppImages(DockerClientProvider docker) : IAppImages
{
    // Longer than any build may run (Paas:Build:Timeout's default), so no build's helper is taken.
    private static readonly TimeSpan HelperContainerAge = TimeSpan.FromHours(1);

    private IDockerClient Client => docker.Client;

    public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await Client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    public async Task<int?> GetExposedPortAsync(string image, CancellationToken cancellationToken)
    {
        var inspect = await Client.Images.InspectImageAsync(image, cancellationToken);
        var ports = inspect.Config?.ExposedPorts?.Keys ?? Enumerable.Empty<string>();
        foreach (var port in ports.Order(StringComparer.Ordinal))
        {
            // Keys look like "8080/tcp"; UDP ports cannot carry HTTP.
            var parts = port.Split('/');
            if ((parts.Length == 1 || parts[1] == "tcp") && int.TryParse(parts[0], out var number))
            {
                return number;
            }
        }

        return null;
    }

    public async Task TagAsync(string image, string newReference, CancellationToken cancellationToken)
    {
        var colon = newReference.LastIndexOf(':');
        await Client.Images.TagImageAsync(image, new ImageTagParameters
        {
            RepositoryName = newReference[..colon],
            Tag = newReference[(colon + 1)..],
            Force = true,
        }, cancellationToken);
    }

    public async Task RemoveImageAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            // Without force, deleting one of several tags only removes that tag.
            await Client.Images.DeleteImageAsync(reference, new ImageDeleteParameters(), cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
        }
    }

    public async Task<IReadOnlyList<string>> ListReleaseImagesAsync(CancellationToken cancellationToken)
    {
        var images = await ListByEitherAsync(ContainerLabels.App, ImageNames.AnyRepository, all: false, cancellationToken);
        return images.SelectMany(i => i.RepoTags ?? []).Where(ImageNames.IsRelease).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    public async Task PruneAsync(AppName app, IReadOnlySet<string> keepImages, CancellationToken cancellationToken)
    {
        // Exited build and one-off containers first: they would otherwise pin old images.
        var containers = await Client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.App}={app.Value}"] = true },
                ["status"] = new Dictionary<string, bool> { ["exited"] = true, ["created"] = true, ["dead"] = true },
            },
        }, cancellationToken);
        // Only old ones: a build in progress owns its fresh helper containers (docker build's
        // intermediate ones, the buildpack builder, the slug container), some still "created".
        var cutoff = DateTime.UtcNow - HelperContainerAge;
        foreach (var container in containers.Where(c => !c.Labels.ContainsKey(ContainerLabels.Index) && c.Created.ToUniversalTime() < cutoff))
        {
            await IgnoreMissingAsync(() => Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, cancellationToken));
        }

        foreach (var image in await AppImagesAsync(app, cancellationToken))
        {
            var tags = (image.RepoTags ?? []).Where(t => t != "<none>:<none>").ToList();
            if (tags.Count == 0)
            {
                // Dangling: a failed or superseded build.
                await IgnoreMissingAsync(() => Client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters(), cancellationToken));
                continue;
            }

            // Build tags are transient (re-tagged as the release right after the build); a build in
            // progress owns them.
            foreach (var tag in tags.Where(t => !keepImages.Contains(t) && !t.Contains(":build-", StringComparison.Ordinal)))
            {
                // Without force an image still used by a container stays; it goes on a later prune.
                await IgnoreMissingAsync(() => Client.Images.DeleteImageAsync(tag, new ImageDeleteParameters(), cancellationToken));
            }
        }
    }

    public async Task<long> ImageBytesAsync(AppName app, CancellationToken cancellationToken) =>
        (await AppImagesAsync(app, cancellationToken)).Sum(i => i.Size);

    public async Task RemoveAppImagesAsync(AppName app, CancellationToken cancellationToken)
    {
        foreach (var image in await AppImagesAsync(app, cancellationToken))
        {
            try
            {
                await Client.Images.DeleteImageAsync(image.ID, new ImageDeleteParameters { Force = true }, cancellationToken);
            }
            catch (DockerImageNotFoundException)
            {
            }
        }
    }

    private Task<IReadOnlyList<ImagesListResponse>> AppImagesAsync(AppName app, CancellationToken cancellationToken) =>
        ListByEitherAsync($"{ContainerLabels.App}={app.Value}", ImageNames.Repository(app), all: true, cancellationToken);

    /// <summary>Images with <paramref name="label"/> or a tag in <paramref name="repository"/> (a pattern), each once.</summary>
    private async Task<IReadOnlyList<ImagesListResponse>> ListByEitherAsync(string label, string repository, bool all, CancellationToken cancellationToken)
    {
        var labelled = await Client.Images.ListImagesAsync(new ImagesListParameters
        {
            All = all,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        }, cancellationToken);
        var tagged = await Client.Images.ListImagesAsync(new ImagesListParameters
        {
            All = all,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [repository] = true } },
        }, cancellationToken);
        return labelled.Concat(tagged).DistinctBy(i => i.ID).ToList();
    }

    private static async Task IgnoreMissingAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DockerApiException ex) when (ex.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // Gone already, or still in use: either way nothing to do now.
        }
    }
}
