using Npgsql;
using OrleansPaas.Grains.Storage;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Storage;

/// <summary>
/// The cluster guide's database connection: <c>SSL Mode=VerifyFull</c> with the database's CA pinned
/// (<c>Root Certificate=</c>) is what a node uses to prepare its schema, and it refuses a server whose
/// certificate another CA signed, which <c>SSL Mode=Require</c> (encryption only) accepts.
/// </summary>
public sealed class PostgresTlsTests : IAsyncLifetime
{
    private readonly TestCertificateAuthority _databaseCa = new("OrleansPaas Test Database CA");
    private readonly TestCertificateAuthority _otherCa = new("Someone Else's CA");
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "paas-pgtls-" + Guid.NewGuid().ToString("N")[..8]);
    private PostgresServer? _server;

    private PostgresServer Server => _server!;

    private string PinnedCa => Path.Combine(_folder, "database-ca.pem");

    private string OtherCa => Path.Combine(_folder, "other-ca.pem");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await File.WriteAllTextAsync(PinnedCa, _databaseCa.Root.ExportCertificatePem());
        await File.WriteAllTextAsync(OtherCa, _otherCa.Root.ExportCertificatePem());
        var (chain, key, _) = _databaseCa.Issue(["127.0.0.1"]);
        _server = await PostgresServer.StartAsync((chain, key));
    }

    [Fact]
    public async Task VerifyFull_WithTheDatabasesCaPinned_PreparesTheSchemaOverTls()
    {
        var connectionString = await Server.CreateDatabaseAsync("verify_full") + $";SSL Mode=VerifyFull;Root Certificate={PinnedCa}";

        await PostgresSchema.EnsureCreatedAsync(connectionString, CancellationToken.None);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var ssl = new NpgsqlCommand("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
        Assert.True((bool)(await ssl.ExecuteScalarAsync())!);
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = 'orleansquery'", connection);
        Assert.Equal(1L, (long)(await tables.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task VerifyFull_WithAnotherCaPinned_IsRefused_WhereRequireWouldConnect()
    {
        var database = await Server.CreateDatabaseAsync("impostor");

        // A server the pinned CA did not sign stands for an impostor on the database's address.
        await Assert.ThrowsAnyAsync<Exception>(() =>
            PostgresSchema.EnsureCreatedAsync(database + $";SSL Mode=VerifyFull;Root Certificate={OtherCa}", CancellationToken.None));

        // Require only encrypts: it talks to whoever answers.
        await using var encryptedOnly = new NpgsqlConnection(database + ";SSL Mode=Require");
        await encryptedOnly.OpenAsync();
    }

    [Fact]
    public async Task VerifyFull_ForANameTheCertificateDoesNotCarry_IsRefused()
    {
        // The certificate names 127.0.0.1 only; "localhost" reaches the same server.
        var builder = new NpgsqlConnectionStringBuilder(await Server.CreateDatabaseAsync("wrong_name")) { Host = "localhost", SslMode = SslMode.Require };
        await using (var reachable = new NpgsqlConnection(builder.ConnectionString))
        {
            await reachable.OpenAsync();
        }

        builder.SslMode = SslMode.VerifyFull;
        builder.RootCertificate = PinnedCa;
        await Assert.ThrowsAnyAsync<Exception>(() => PostgresSchema.EnsureCreatedAsync(builder.ConnectionString, CancellationToken.None));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _databaseCa.Dispose();
        _otherCa.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
