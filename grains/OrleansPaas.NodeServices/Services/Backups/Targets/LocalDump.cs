namespace OrleansPaas.NodeServices.Services.Backups.Targets;

/// <summary>A dump as a file on this node: the directory's own file, or a download that is deleted on dispose.</summary>
public sealed class LocalDump(string path, bool temporary) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose()
    {
        if (temporary)
        {
            File.Delete(Path);
        }
    }
}
