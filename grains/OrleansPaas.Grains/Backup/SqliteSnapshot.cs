using Microsoft.Data.Sqlite;

namespace OrleansPaas.Grains.Backup;

/// <summary>
/// A single node's database, copied with SQLite's online backup API: one consistent snapshot of
/// every table (grain state and reminders) while the node keeps writing, without stopping it and
/// without reading the files behind SQLite's back (a plain copy of a WAL database can miss or tear
/// its last commits).
/// </summary>
public static class SqliteSnapshot
{
    /// <summary>The state name of the app grains' rows (AppGrain's [PersistentState]).</summary>
    private const string AppStateName = "app";

    public static void Copy(string databasePath, string destinationPath)
    {
        // Read-write (never written here): a read-only handle cannot always join a WAL database's shared memory.
        using (var source = Open(databasePath, SqliteOpenMode.ReadWrite))
        using (var destination = Open(destinationPath, SqliteOpenMode.ReadWriteCreate))
        {
            // One step over all pages: SQLite holds a read transaction for it, so the copy is one instant of the database.
            source.BackupDatabase(destination);
            // The copy is one self-contained file (no -wal beside it); the node turns WAL on again at its start.
            using var journal = destination.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode = DELETE;";
            journal.ExecuteNonQuery();
        }
    }

    /// <summary>The apps the database holds (app grains with state; a destroyed app's row has none).</summary>
    public static IReadOnlyList<string> AppNames(string databasePath)
    {
        using var connection = Open(databasePath, SqliteOpenMode.ReadWrite);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT GrainIdExtension FROM GrainState WHERE StateName = $state AND Payload IS NOT NULL AND GrainIdExtension IS NOT NULL ORDER BY GrainIdExtension;";
        command.Parameters.AddWithValue("$state", AppStateName);
        var names = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Null when SQLite finds the file sound, else its first complaint.</summary>
    public static string? IntegrityProblem(string databasePath)
    {
        try
        {
            using var connection = Open(databasePath, SqliteOpenMode.ReadOnly);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            var answer = command.ExecuteScalar() as string;
            return answer == "ok" ? null : answer ?? "no answer";
        }
        catch (SqliteException ex)
        {
            return ex.Message;
        }
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        // No pooling: the file is moved or deleted right after, and a pooled handle would keep it open.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
