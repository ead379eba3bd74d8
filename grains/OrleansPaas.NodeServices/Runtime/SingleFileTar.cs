using System.Formats.Tar;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// A tar stream of one regular file, as the engine's archive upload into a container takes it: its name
/// (relative to where it is extracted; missing parent folders are made by the engine), mode and owner.
/// </summary>
public static class SingleFileTar
{
    public static async Task WriteAsync(Stream output, string name, Stream content, UnixFileMode mode, int ownerId, CancellationToken cancellationToken)
    {
        await using var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = content,
            Mode = mode,
            Uid = ownerId,
            Gid = 0,
            ModificationTime = DateTimeOffset.UtcNow,
        };
        await tar.WriteEntryAsync(entry, cancellationToken);
    }
}
