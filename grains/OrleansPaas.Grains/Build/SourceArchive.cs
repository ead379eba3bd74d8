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
    public static SourceView Open(string repositoryPath, BuildSource source, string scratchDirectory)
    {
        if (source.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(source));
        }

        var objects = Path.GetFullPath(Path.Combine(repositoryPath, "objects"));
        if (source.QuarantineName is null)
        {
            return new SourceView(new Repository(repositoryPath), null);
        }

        var viewPath = Path.Combine(scratchDirectory, "view-" + Guid.NewGuid().ToString("N"));
        Repository.Init(viewPath, isBare: true);
        var alternates = Path.Combine(viewPath, "objects", "info", "alternates");
        Directory.CreateDirectory(Path.GetDirectoryName(alternates)!);
        File.WriteAllLines(alternates, [Path.Combine(objects, source.QuarantineName), objects]);
        return new SourceView(new Repository(viewPath), viewPath);
    }

    /// <summary>Writes the tree as a tar; <paramref name="prefix"/> (e.g. <c>tmp/build/</c>) places it below a folder.</summary>
    public static void WriteTar(Tree tree, Stream destination, string prefix = "")
    {
        using var writer = new TarWriter(destination, TarEntryFormat.Pax, leaveOpen: true);
        WriteTree(tree, prefix, writer);
    }

    /// <summary>Adds the tree to a tar being written (a tar has one end marker, so one writer per archive).</summary>
    public static void WriteTar(Tree tree, TarWriter writer, string prefix) => WriteTree(tree, prefix, writer);

    /// <summary>Adds one regular file to a tar being written.</summary>
    public static void WriteFile(TarWriter writer, string path, string content, string octalMode = "644")
    {
        using var data = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = Permissions(octalMode), DataStream = data });
    }

    public static void WriteDirectory(TarWriter writer, string path) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, path.TrimEnd('/') + "/") { Mode = Permissions("755") });

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
