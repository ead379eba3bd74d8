using System.Formats.Tar;
using Docker.DotNet;
using Docker.DotNet.Models;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Build.Buildpacks;

/// <summary>
/// Puts a compiled slug (the build directory after <c>bin/compile</c>) on the stack's run image:
/// <c>/app</c> holds the slug and <c>/paas/launch</c> starts a process the Heroku way (source
/// <c>.profile.d</c>, then run the Procfile command with the stack's shell).
/// </summary>
public static class SlugImage
{
    public const string Launcher = "/paas/launch";

    private const string LauncherScript = """
        #!/bin/sh
        # Starts a process type of an OrleansPaas buildpack app, as Heroku's runtime does.
        cd /app || exit 1
        export HOME=/app
        for profile in /app/.profile.d/*.sh; do
          [ -r "$profile" ] && . "$profile"
        done
        exec /bin/sh -c "$1"

        """;

    public static async Task CommitAsync(IDockerClient client, string runImage, Stream slugTar, string tag, IDictionary<string, string> labels,
        string scratchDirectory, CancellationToken cancellationToken)
    {
        var colon = tag.LastIndexOf(':');
        var created = await client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = runImage,
            Cmd = ["true"],
            Labels = labels,
        }, cancellationToken);
        try
        {
            using var layer = new FileStream(Path.Combine(scratchDirectory, $"slug-{Guid.NewGuid():N}.tar"),
                FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
            await WriteLayerAsync(slugTar, layer, scratchDirectory, cancellationToken);
            layer.Position = 0;
            await client.Containers.ExtractArchiveToContainerAsync(created.ID, new ContainerPathStatParameters { Path = "/" }, layer, cancellationToken);
            await client.Images.CommitContainerChangesAsync(new CommitContainerChangesParameters
            {
                ContainerID = created.ID,
                RepositoryName = tag[..colon],
                Tag = tag[(colon + 1)..],
                Comment = "OrleansPaas slug",
                Config = new Config
                {
                    WorkingDir = "/app",
                    Env = ["HOME=/app"],
                    Cmd = [Launcher, "echo 'this app has no web process type'; exit 1"],
                    Labels = labels,
                },
            }, cancellationToken);
        }
        finally
        {
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    /// <summary>Re-roots the slug (<c>build/…</c> as Docker exports it) at <c>app/…</c> and adds the launcher.</summary>
    private static async Task WriteLayerAsync(Stream slugTar, Stream destination, string scratchDirectory, CancellationToken cancellationToken)
    {
        // Docker's archive stream is not seekable and may end without tar's end marker; reading it
        // from a local copy lets TarReader hand out entries safely.
        await using var copy = new FileStream(Path.Combine(scratchDirectory, $"export-{Guid.NewGuid():N}.tar"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        await slugTar.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        await using var reader = new TarReader(copy, leaveOpen: true);
        await using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var slash = entry.Name.IndexOf('/');
            var rest = slash < 0 ? "" : entry.Name[(slash + 1)..];
            var moved = entry.EntryType switch
            {
                TarEntryType.RegularFile or TarEntryType.V7RegularFile => new PaxTarEntry(TarEntryType.RegularFile, "app/" + rest) { DataStream = entry.DataStream },
                TarEntryType.Directory => new PaxTarEntry(TarEntryType.Directory, "app/" + rest),
                TarEntryType.SymbolicLink => new PaxTarEntry(TarEntryType.SymbolicLink, "app/" + rest) { LinkName = entry.LinkName },
                // Hard links, devices and the like have no place in a slug.
                _ => null,
            };
            if (moved is null)
            {
                continue;
            }

            moved.Mode = entry.Mode;
            await writer.WriteEntryAsync(moved, cancellationToken);
        }

        SourceArchive.WriteDirectory(writer, "paas");
        SourceArchive.WriteFile(writer, Launcher.TrimStart('/'), LauncherScript, "755");
    }
}
