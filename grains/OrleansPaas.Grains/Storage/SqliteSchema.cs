using System.Reflection;
using Microsoft.Data.Sqlite;

namespace OrleansPaas.Grains.Storage;

/// <summary>
/// Creates and upgrades the SQLite database behind the Orleans ADO.NET grain storage
/// (deploy/sqlite/orleans-persistence.sql, embedded into this assembly).
/// </summary>
/// <remarks>
/// Wiring, in the silo:
/// <code>
/// SqliteSchema.EnsureCreated(connectionString);
/// siloBuilder.AddAdoNetGrainStorage(GrainStorage.Name, o =>
/// {
///     o.Invariant = SqliteSchema.AdoNetInvariant;
///     o.ConnectionString = connectionString;
/// });
/// </code>
/// </remarks>
public static class SqliteSchema
{
    /// <summary>
    /// The ADO.NET invariant to put in <c>AdoNetGrainStorageOptions.Invariant</c>. Orleans keeps a
    /// fixed table of invariants and maps this one straight to
    /// <c>Microsoft.Data.Sqlite.SqliteFactory</c> (it never consults <c>DbProviderFactories</c>),
    /// so the name says System.Data.SQLite but the driver is Microsoft.Data.Sqlite and no
    /// registration is needed.
    /// </summary>
    public const string AdoNetInvariant = "System.Data.SQLite";

    /// <summary>The logical name the grains csproj gives the embedded SQL script.</summary>
    public const string ScriptResourceName = "OrleansPaas.Storage.Sqlite.sql";

    // RETURNING and target-less upsert arrived in 3.35 and STRICT tables in 3.37; checking up
    // front turns an obscure SQL syntax error into a clear message.
    private static readonly Version MinimumSqliteVersion = new(3, 37, 0);

    private static readonly Lazy<string> Script = new(LoadScript);

    /// <summary>
    /// Fails fast if Orleans will not be able to load the SQLite driver. Orleans resolves the
    /// factory with <c>Assembly.Load("Microsoft.Data.Sqlite")</c> only when the silo starts, so a
    /// missing assembly otherwise shows up as a silo start-up failure far from its cause.
    /// Nothing has to be registered: see <see cref="AdoNetInvariant"/>.
    /// </summary>
    public static void RegisterProvider()
    {
        var assembly = Assembly.Load(new AssemblyName("Microsoft.Data.Sqlite"));
        if (assembly.GetType("Microsoft.Data.Sqlite.SqliteFactory") is null)
        {
            throw new InvalidOperationException(
                "Microsoft.Data.Sqlite is loaded but has no SqliteFactory; Orleans' System.Data.SQLite invariant needs it.");
        }
    }

    /// <summary>
    /// The connection string to use for a database file, for both the grain storage options
    /// and <see cref="EnsureCreated"/>.
    /// </summary>
    public static string ConnectionStringFor(string databasePath)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Orleans opens a connection per storage call; pooling keeps that cheap.
            Pooling = true,
            // Microsoft.Data.Sqlite sets no SQLite busy handler; it retries SQLITE_BUSY itself
            // (150 ms sleeps) until the command timeout, so this is the lock wait as well.
            // SQLite allows one writer at a time; with WAL and one-statement writes the wait
            // is milliseconds, and 30 s only bounds a pathological stall.
            DefaultTimeout = 30,
        };
        return builder.ToString();
    }

    /// <summary>
    /// Creates the tables and (re)writes the Orleans query rows. Safe to call on every start:
    /// the script only creates what is missing and replaces the query texts.
    /// </summary>
    public static void EnsureCreated(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        using var connection = new SqliteConnection(connectionString);
        connection.Open();

        var version = Version.Parse(connection.ServerVersion);
        if (version < MinimumSqliteVersion)
        {
            throw new InvalidOperationException(
                $"SQLite {version} is too old for the grain storage schema; {MinimumSqliteVersion} or newer is required.");
        }

        // WAL is required, not a tuning knob. Microsoft.Data.Sqlite retries SQLITE_BUSY only on
        // a statement's first step, and the write/clear/delete queries use RETURNING, whose
        // autocommit happens on a later step. With the default rollback journal that commit
        // must wait for readers and fails with "database is locked" under concurrent grains
        // (seen in testing); in WAL a commit never waits, and reads never block on writes.
        // WAL is stored in the database file, so setting it here covers every later
        // connection. It cannot be changed inside a transaction, hence before the script.
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = pragma.ExecuteScalar() as string;

            // "memory" is what in-memory databases (tests) answer; they have one connection's
            // worth of concurrency anyway. Anything else means the file system refused WAL.
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(mode, "memory", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"SQLite refused WAL journal mode (got '{mode}'); grain storage needs WAL to write safely from concurrent grains. Put the database on a local file system.");
            }
        }

        // One transaction so a second silo starting at the same time, or a crash half-way,
        // never sees tables without their query rows.
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = Script.Value;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static string LoadScript()
    {
        using var stream = typeof(SqliteSchema).Assembly.GetManifestResourceStream(ScriptResourceName)
            ?? throw new InvalidOperationException(
                $"Embedded resource '{ScriptResourceName}' is missing; the grains csproj must embed deploy/sqlite/orleans-persistence.sql under that LogicalName.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
