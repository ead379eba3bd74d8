using System.Formats.Tar;
using LibGit2Sharp;
using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// Reads the pushed commit straight from the bare repository (never from a checkout) and
/// writes its tree as a tar build context.
/// </summary>
public static class SourceArchive
{
    /// <summary>
    /// Opens the repository so that objects still in git's push quarantine are visible too.
    /// libgit2 has no API for an extra object directory, so a throw-away bare repository is made
    /// whose <c>objects/info/alternates</c> lists the quarantine and the real object store.
    /// </summary>
    public static SourceView Open(BuildSource source, string scratchDirectory)
    {
        if (source.QuarantineObjectDirectory is null)
        {
            return new SourceView(new Repository(source.RepositoryPath), null);
        }

        var viewPath = Path.Combine(scratchDirectory, "view-" + Guid.NewGuid().ToString("N"));
        Repository.Init(viewPath, isBare: true);
        var alternates = Path.Combine(viewPath, "objects", "info", "alternates");
        Directory.CreateDirectory(Path.GetDirectoryName(alternates)!);
        File.WriteAllLines(alternates,
        [
            Path.GetFullPath(source.QuarantineObjectDirectory),
            Path.GetFullPath(Path.Combine(source.RepositoryPath, "objects")),
        ]);
        return new SourceView(new Repository(viewPath), viewPath);
    }

    public static void WriteTar(Tree tree, Stream destination)
    {
        using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        WriteTree(tree, "", writer);
    }

    private static void WriteTree(Tree tree, string prefix, TarWriter writer)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.Mode)
            {
                case Mode.Directory:
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, path + "/") { Mode = Permissions("755") });
                    WriteTree((Tree)entry.Target, path + "/", writer);
                    break;
                case Mode.SymbolicLink:
                    var link = ((Blob)entry.Target).GetContentText();
                    writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, path) { LinkName = link, Mode = Permissions("777") });
                    break;
                case Mode.NonExecutableFile:
                case Mode.NonExecutableGroupWritableFile:
                case Mode.ExecutableFile:
                    var blob = (Blob)entry.Target;
                    using (var content = blob.GetContentStream())
                    {
                        var file = new PaxTarEntry(TarEntryType.RegularFile, path)
                        {
                            Mode = Permissions(entry.Mode == Mode.ExecutableFile ? "755" : "644"),
                            DataStream = content,
                        };
                        writer.WriteEntry(file);
                    }

                    break;
                default:
                    // Submodules (gitlinks) carry no content in this repository; skip them like `git archive` does.
                    break;
            }
        }
    }

    // C# has no octal literals; modes are written the way chmod takes them.
    private static UnixFileMode Permissions(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);
}

/// <summary>An open repository view; disposing it removes the temporary quarantine view.</summary>
public sealed class SourceView(Repository repository, string? temporaryPath) : IDisposable
{
    public Repository Repository { get; } = repository;

    public Commit? FindCommit(string sha) => Repository.Lookup<Commit>(sha);

    public void Dispose()
    {
        Repository.Dispose();
        if (temporaryPath is not null && Directory.Exists(temporaryPath))
        {
            Directory.Delete(temporaryPath, recursive: true);
        }
    }
}
