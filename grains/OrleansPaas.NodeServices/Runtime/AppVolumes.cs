using Docker.DotNet.Models;
using OrleansPaas.Apps;
using OrleansPaas.Attachments;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// An app's named volumes on this node's engine: made (labelled with the app and the volume's name,
/// so they are recognisably the platform's) before the first container that mounts them, and kept
/// afterwards: their files outlive every container, release and restart.
/// </summary>
public sealed class AppVolumes(DockerClientProvider docker, HostPathCheck hostPaths)
{
    public async Task EnsureAsync(AppName app, IReadOnlyList<StorageMount> mounts, CancellationToken cancellationToken)
    {
        foreach (var volume in mounts.Where(m => !m.HostDirectory))
        {
            // Creating a volume that exists returns it unchanged: no look first, no race between two starts.
            var made = await docker.Client.Volumes.CreateAsync(new VolumesCreateParameters
            {
                Name = volume.Source,
                Labels = new Dictionary<string, string>
                {
                    [ContainerLabels.App] = app.Value,
                    [ContainerLabels.Volume] = volume.Name,
                },
            }, cancellationToken);
            // Names join app and volume with '-', which both may contain (app "a-b" volume "c" and app "a"
            // volume "b-c"; a service's data volume): a volume made for anyone else is never mounted here.
            if (Label(made, ContainerLabels.App) != app.Value || Label(made, ContainerLabels.Volume) != volume.Name)
            {
                throw new ContainerSetupException(
                    $"the volume {volume.Source} on this node belongs to another app or a service, not to app '{app}' as its volume '{volume.Name}'; "
                    + "unmount it (storage:unmount) and create it under another name");
            }
        }
    }

    private static string? Label(VolumeResponse volume, string name) =>
        volume.Labels is { } labels && labels.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The engine's bind list for the mounts: <c>source:container-path</c> (a volume's name, or a host
    /// directory checked again on this node and given with its links followed, so the engine mounts what
    /// was checked even if a link is put in its place later).
    /// </summary>
    public IList<string> Binds(IReadOnlyList<StorageMount> mounts) => mounts.Select(m =>
    {
        if (!m.HostDirectory)
        {
            return $"{m.Source}:{m.ContainerPath}";
        }

        return hostPaths.Check(m.Source, out var resolved) is { } refused
            ? throw new ContainerSetupException($"{refused} (storage:unmount it)")
            : $"{resolved}:{m.ContainerPath}";
    }).ToList();
}
