using System.Text.RegularExpressions;
using Npgsql;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// A private PostgreSQL server for a test run: its own data folder under the temp directory,
/// listening on 127.0.0.1 only (a free port) with its unix socket in that folder, trust
/// authentication, fsync off. Nothing depends on a system PostgreSQL service; only the Debian
/// <c>postgresql</c> package's binaries are needed.
/// </summary>
/// <remarks>
/// <code>
/// await using var pg = await PostgresServer.StartAsync();
/// string cs = await pg.CreateDatabaseAsync("membership_tests");
/// </code>
/// or share one server between test classes through <see cref="PostgresCollection"/>
/// (each class calls <see cref="CreateDatabaseAsync"/> for a fresh database of its own).
/// </remarks>
public sealed partial class PostgresServer : IAsyncLifetime, IAsyncDisposable
{
    private const string OsUser = "postgres";
    private const string SuperUser = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    // CREATE/DROP DATABASE of parallel test classes one at a time: both take the template and
    // catalog locks, and a failure there would look like a test's own fault.
    private readonly SemaphoreSlim _databaseGate = new(1, 1);
    private string? _root;
    private bool _running;
    // Set: the server speaks TLS only (hostssl) with this certificate chain and key (PEM).
    private (string ChainPem, string KeyPem)? _tls;

    /// <summary>For xunit fixtures; call <see cref="StartAsync()"/> otherwise.</summary>
    public PostgresServer()
    {
    }

    public int Port { get; private set; }

    /// <summary>The server's folder (data directory, socket, log).</summary>
    public string Root => _root ?? throw new InvalidOperationException("the server is not started");

    /// <summary>The superuser connection to the <c>postgres</c> database.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    /// <param name="tls">A certificate chain and key (PEM): the server then takes TLS connections only.</param>
    public static async Task<PostgresServer> StartAsync((string ChainPem, string KeyPem)? tls = null)
    {
        var server = new PostgresServer { _tls = tls };
        try
        {
            await server.InitializeAsync();
        }
        catch
        {
            await server.StopAsync();
            throw;
        }

        return server;
    }

    public async Task InitializeAsync()
    {
        var bin = BinDirectory();
        _root = Path.Combine(Path.GetTempPath(), "paas-pg-" + Guid.NewGuid().ToString("N")[..10]);
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        // initdb refuses to run as root: as root the server runs as the postgres OS user and owns its folder.
        if (IsRoot)
        {
            await MustAsync("chown", ["-R", $"{OsUser}:{OsUser}", _root]);
        }

        await MustAsync(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
        await File.WriteAllTextAsync(Path.Combine(data, "pg_hba.conf"),
            $"local all all trust\n{(_tls is null ? "host" : "hostssl")} all all 127.0.0.1/32 trust\n");
        var tlsSettings = "";
        if (_tls is { } tls)
        {
            await File.WriteAllTextAsync(Path.Combine(data, "server.crt"), tls.ChainPem);
            await File.WriteAllTextAsync(Path.Combine(data, "server.key"), tls.KeyPem);
            // The server refuses a key others can read, and must own it.
            File.SetUnixFileMode(Path.Combine(data, "server.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (IsRoot)
            {
                await MustAsync("chown", [$"{OsUser}:{OsUser}", Path.Combine(data, "server.crt"), Path.Combine(data, "server.key")]);
            }

            tlsSettings = "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n";
        }

        // A free port can be taken between probing and binding; a few fresh ports cover that race.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePorts.Next();
            await File.WriteAllTextAsync(Path.Combine(data, "postgresql.auto.conf"), $"""
                listen_addresses = '127.0.0.1'
                port = {Port}
                unix_socket_directories = '{_root}'
                max_connections = 300
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                {tlsSettings}
                """);
            var started = await RunAsync(Path.Combine(bin, "pg_ctl"),
                ["-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start"]);
            if (started.ExitCode == 0)
            {
                _running = true;
                return;
            }

            if (attempt == 3)
            {
                var log = File.Exists(Path.Combine(_root, "server.log")) ? await File.ReadAllTextAsync(Path.Combine(_root, "server.log")) : "";
                throw new InvalidOperationException($"PostgreSQL did not start: {started.Output}\n{log}");
            }
        }
    }

    /// <summary>
    /// A fresh, empty database (an existing one of that name is dropped first) and the
    /// connection string to it. Names: lower-case letters, digits and '_'.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain database name (a-z, 0-9, _; ≤ 63)", nameof(name));
        }

        await _databaseGate.WaitAsync();
        try
        {
            await RecreateDatabaseAsync(name);
        }
        finally
        {
            _databaseGate.Release();
        }

        return ConnectionStringFor(name);
    }

    private async Task RecreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
    }

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
    }.ConnectionString;

    /// <summary>An outage: the server stops (fast shutdown: open sessions are cut) and keeps its data and port for <see cref="ResumeAsync"/>.</summary>
    public async Task PauseAsync()
    {
        await MustAsync(Path.Combine(BinDirectory(), "pg_ctl"), ["-D", Path.Combine(Root, "data"), "-m", "fast", "-w", "stop"]);
        _running = false;
    }

    /// <summary>The end of an outage: the same server starts again on the same port.</summary>
    public async Task ResumeAsync()
    {
        await MustAsync(Path.Combine(BinDirectory(), "pg_ctl"),
            ["-D", Path.Combine(Root, "data"), "-l", Path.Combine(Root, "server.log"), "-w", "-t", "60", "start"]);
        _running = true;
    }

    /// <summary>Stops the server (fast shutdown: open sessions are cut) and deletes its folder.</summary>
    public async Task StopAsync()
    {
        if (_root is null)
        {
            return;
        }

        if (_running)
        {
            // Pooled client connections would otherwise linger on a dead server.
            NpgsqlConnection.ClearAllPools();
            await RunAsync(Path.Combine(BinDirectory(), "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "fast", "-w", "stop"]);
            _running = false;
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }

        _root = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    Task IAsyncLifetime.DisposeAsync() => StopAsync();

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>The newest installed server version's binaries (Debian keeps them off PATH).</summary>
    private static string BinDirectory()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .ToList()
            : [];
        return versions.Count > 0
            ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql; apt-get install -y postgresql (tests/run.sh does)");
    }

    private static Task<ProcessResult> RunAsync(string program, IReadOnlyList<string> arguments) =>
        IsRoot && program != "chown"
            ? ProcessRunner.RunAsync("runuser", ["-u", OsUser, "--", program, .. arguments], workingDirectory: "/", timeout: CommandTimeout)
            : ProcessRunner.RunAsync(program, arguments, workingDirectory: "/", timeout: CommandTimeout);

    private static async Task MustAsync(string program, IReadOnlyList<string> arguments)
    {
        var result = await RunAsync(program, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed: {result}");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}

/// <summary>One private PostgreSQL server shared by the test classes of this collection.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
