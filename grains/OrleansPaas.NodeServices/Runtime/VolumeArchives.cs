using Docker.DotNet;
using Docker.DotNet.Models;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// An app's named volume as a tar stream, out of this node's engine and into another's
/// (<c>storage:move</c>), through the engine's archive API on a container that is created but never
/// started: no tool is needed in any image, and owners, modes and links are kept as the tar has them.
/// The container uses the app's release image (on both nodes for the move anyway) and no network.
/// </summary>
public sealed class VolumeArchives(DockerClientProvider docker)
{
    /// <summary>A leftover copying container is recognisable by this label (its value: the app).</summary>
    public const string CopyLabel = "paas.volume.copy";

    /// <summary>Where the copying container mounts the volume; the tar's entries are under <c>volume/</c>.</summary>
    private const string MountPoint = "/volume";

    /// <summary>
    /// The volume's files as a tar (read as the engine writes it); the copying container goes when the
    /// stream is disposed. Null when this node has no such volume of the app: a volume of another app
    /// or a service is never handed out.
    /// </summary>
    public async Task<Stream?> OpenExportAsync(AppName app, string volume, string image, CancellationToken cancellationToken)
    {
        if (!await IsTheAppsAsync(app, volume, cancellationToken))
        {
            return null;
        }

        var container = await CreateCopierAsync(app, volume, image, cancellationToken);
        try
        {
            var archive = await docker.Client.Containers.GetArchiveFromContainerAsync(container,
                new GetArchiveFromContainerParameters { Path = MountPoint }, statOnly: false, cancellationToken);
            return new DisposingStream(archive.Stream, () => RemoveAsync(container));
        }
        catch
        {
            await RemoveAsync(container);
            throw;
        }
    }

    /// <summary>
    /// Makes the app's volume here from <paramref name="tar"/> (as <see cref="OpenExportAsync"/> wrote it).
    /// Null, or why not; a volume already here is refused (it may hold an older copy, which is the
    /// admin's to remove), and one made here by a copy that failed is removed again.
    /// </summary>
    public async Task<string?> ImportAsync(AppName app, string volume, string image, Stream tar, CancellationToken cancellationToken)
    {
        var name = StorageMount.VolumeName(app.Value, volume);
        if (await ExistsAsync(name, cancellationToken))
        {
            return $"this node already has a volume {name} (an older copy?); remove it there (docker volume rm {name}) to copy the app's over it";
        }

        await docker.Client.Volumes.CreateAsync(new VolumesCreateParameters
        {
            Name = name,
            Labels = new Dictionary<string, string> { [ContainerLabels.App] = app.Value, [ContainerLabels.Volume] = volume },
        }, cancellationToken);
        var container = await CreateCopierAsync(app, volume, image, cancellationToken);
        try
        {
            // The tar's entries are volume/…, so extracting at the root fills the mount point, which is the volume.
            await docker.Client.Containers.ExtractArchiveToContainerAsync(container, new ContainerPathStatParameters { Path = "/" }, tar, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is DockerApiException or IOException or HttpRequestException)
        {
            await RemoveAsync(container);
            container = null;
            await DropAsync(app, volume);
            return $"the volume could not be written on this node: {ex.GetBaseException().Message}";
        }
        catch (OperationCanceledException)
        {
            // Stopped by the mover (no progress, or its own end): half a volume must not stay to be mounted later.
            await RemoveAsync(container);
            container = null;
            await DropAsync(app, volume);
            throw;
        }
        finally
        {
            if (container is not null)
            {
                await RemoveAsync(container);
            }
        }
    }

    /// <summary>Removes the app's volume here (a copy the move made but did not keep); a volume that is not the app's, or in use, stays.</summary>
    public async Task DropAsync(AppName app, string volume)
    {
        if (await IsTheAppsAsync(app, volume, CancellationToken.None))
        {
            try
            {
                await docker.Client.Volumes.RemoveAsync(StorageMount.VolumeName(app.Value, volume), force: false, CancellationToken.None);
            }
            catch (DockerApiException)
            {
                // In use (a container still holds it): it stays, as anything in use does.
            }
        }
    }

    private async Task<bool> IsTheAppsAsync(AppName app, string volume, CancellationToken cancellationToken)
    {
        try
        {
            var found = await docker.Client.Volumes.InspectAsync(StorageMount.VolumeName(app.Value, volume), cancellationToken);
            return Label(found, ContainerLabels.App) == app.Value && Label(found, ContainerLabels.Volume) == volume;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static string? Label(VolumeResponse volume, string name) =>
        volume.Labels is { } labels && labels.TryGetValue(name, out var value) ? value : null;

    private async Task<bool> ExistsAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Client.Volumes.InspectAsync(name, cancellationToken);
            return true;
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task<string> CreateCopierAsync(AppName app, string volume, string image, CancellationToken cancellationToken)
    {
        var created = await docker.Client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            // Never started; a command is given only because an image without one cannot make a container.
            Cmd = ["true"],
            Labels = new Dictionary<string, string> { [CopyLabel] = app.Value },
            HostConfig = new HostConfig { NetworkMode = "none", Binds = [$"{StorageMount.VolumeName(app.Value, volume)}:{MountPoint}"] },
        }, cancellationToken);
        return created.ID;
    }

    private async Task RemoveAsync(string container)
    {
        try
        {
            await docker.Client.Containers.RemoveContainerAsync(container, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
        catch (DockerApiException)
        {
            // Gone already, or the engine is away: the label names it for whoever clears up.
        }
    }
}
