namespace OrleansPaas.Configuration;

/// <summary>Where things live under <c>Paas:DataDir</c>. One place, so no component builds its own paths.</summary>
public sealed class DataPaths
{
    public DataPaths(PaasOptions options)
    {
        Root = Path.GetFullPath(options.DataDir);
    }

    public string Root { get; }
    public string Repositories => Path.Combine(Root, "repos");
    public string Logs => Path.Combine(Root, "logs");
    public string Database => Path.Combine(Root, "paas.db");
    public string AdminTokenFile => Path.Combine(Root, "admin-token");
    public string Scratch => Path.Combine(Root, "tmp");
    public string Buildpacks => Path.Combine(Root, "buildpacks");

    /// <summary>The default <c>Paas:Backups:Directory</c>.</summary>
    public string Backups => Path.Combine(Root, "backups");

    /// <summary>A single node's own certificate for its silo port and internal listener (generated, owner-only).</summary>
    public string SiloCertificate => Path.Combine(Root, "silo.pfx");

    /// <summary>A single node's Orleans ClusterId and ServiceId (generated once; the ServiceId keys grain state).</summary>
    public string SiloIds => Path.Combine(Root, "silo-ids.json");

    /// <summary>The node's sshd (Paas:Ssh): its host key, generated on first start, and the sshd_config the node writes.</summary>
    public string Ssh => Path.Combine(Root, "ssh");

    /// <summary>The buildpacks' CACHE_DIR of an app, kept between builds.</summary>
    public string BuildCache(OrleansPaas.Apps.AppName app) => Path.Combine(Root, "cache", app.Value);

    /// <summary>The bare repository of an app. The name must already be a parsed <see cref="Apps.AppName"/>.</summary>
    public string Repository(OrleansPaas.Apps.AppName app) => Path.Combine(Repositories, app.Value + ".git");

    public string AppLogs(OrleansPaas.Apps.AppName app) => Path.Combine(Logs, app.Value);

    /// <summary>Owner only: the folder holds the database, the admin token, apps' config and their source.</summary>
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Creates the folders owner-only, and makes an existing data folder owner-only too (with the
    /// root closed, nothing below it can be reached by other users, whatever its own mode).
    /// </summary>
    public void EnsureCreated()
    {
        foreach (var dir in new[] { Root, Repositories, Logs, Scratch })
        {
            Directory.CreateDirectory(dir, PrivateDirectory);
        }

        File.SetUnixFileMode(Root, PrivateDirectory);
    }
}
