using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Backup;

/// <summary>
/// What a platform archive holds, by entry name. A restore takes these names and nothing else, so
/// an archive cannot write outside the data folder or anywhere the platform does not expect.
/// </summary>
public static class BackupLayout
{
    /// <summary>Written last: the format, what the archive holds and the SHA-256 of every file.</summary>
    public const string Manifest = "orleanspaas-backup.json";

    /// <summary>A single node's SQLite database: grain state (apps, config, domains, releases, certificates and keys) and reminders.</summary>
    public const string Database = "state/paas.db";

    /// <summary>The Orleans ids: grain state rows are keyed by the ServiceId, so the database is unreadable without it.</summary>
    public const string SiloIds = "state/silo-ids.json";

    public const string AdminToken = "state/admin-token";

    /// <summary>A cluster's rows in PostgreSQL, one binary COPY file per table (<see cref="PostgresSnapshot.Tables"/>).</summary>
    public const string PostgresFolder = "state/postgres";

    public const string RepositoriesFolder = "repos";

    public const string ImagesFolder = "images";

    public static string Repository(AppName app) => $"{RepositoriesFolder}/{app.Value}.git";

    public static string Image(AppName app) => $"{ImagesFolder}/{app.Value}.tar";

    public static string PostgresTable(string table) => $"{PostgresFolder}/{table}.copy";

    /// <summary>Null when a restore may take the entry, else why not (for the refusal's sentence).</summary>
    public static string? Problem(string name, bool isDirectory)
    {
        if (name.Length == 0 || name.StartsWith('/') || name.Contains('\\') || name.Split('/').Any(part => part is "" or "." or ".."))
        {
            return $"entry '{name}' is not a plain relative path";
        }

        if (name is Manifest or Database or SiloIds or AdminToken)
        {
            return isDirectory ? $"entry '{name}' should be a file" : null;
        }

        if (PostgresSnapshot.Tables.Any(table => name == PostgresTable(table)))
        {
            return isDirectory ? $"entry '{name}' should be a file" : null;
        }

        var parts = name.Split('/');
        if (parts[0] == RepositoriesFolder && parts.Length >= 2 && parts[1].EndsWith(".git", StringComparison.Ordinal)
            && AppName.TryParse(parts[1][..^4], out _, out _))
        {
            return null;
        }

        if (parts is [ImagesFolder, var image] && !isDirectory && image.EndsWith(".tar", StringComparison.Ordinal)
            && AppName.TryParse(image[..^4], out _, out _))
        {
            return null;
        }

        return isDirectory && name is RepositoriesFolder or ImagesFolder or "state" or PostgresFolder ? null : $"entry '{name}' is not part of an OrleansPaas backup";
    }
}
