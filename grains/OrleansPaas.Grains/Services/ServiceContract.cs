using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>
/// How each kind is run and reached, by its official image's contract: PostgreSQL takes
/// <c>POSTGRES_USER/DB</c> and its password from the file named by <c>POSTGRES_PASSWORD_FILE</c>, and keeps
/// its data in <c>/var/lib/postgresql/data</c> on 5432; Redis is started with a configuration file holding
/// its password (<c>requirepass</c>) and append-only persistence in <c>/data</c> on 6379. The password is
/// never in the command or environment: <c>docker inspect</c> shows those, and <c>ps</c> on the node the command.
/// </summary>
public sealed record ServiceContract(int Port, string DataPath, string DefaultVariable)
{
    /// <summary>Where the password file goes in the container (where Docker puts secrets, and the images' documentation has them).</summary>
    public const string SecretsDirectory = "/run/secrets";

    public const string PostgresPasswordFile = SecretsDirectory + "/postgres-password";

    public const string RedisConfigFile = SecretsDirectory + "/redis.conf";

    /// <summary>
    /// The official postgres entrypoint reads the file as root before it drops to the <c>postgres</c> user;
    /// redis-server reads its configuration after the entrypoint dropped to <c>redis</c>, uid 999 in both
    /// official variants (alpine and Debian).
    /// </summary>
    private const int RootId = 0;

    private const int RedisUserId = 999;

    public static ServiceContract For(ServiceKind kind) => kind == ServiceKind.Postgres
        ? new ServiceContract(5432, "/var/lib/postgresql/data", "DATABASE_URL")
        : new ServiceContract(6379, "/data", "REDIS_URL");

    /// <summary>The user and database of a PostgreSQL service are named after it (as Dokku's plugin does).</summary>
    public static string DatabaseOf(string service) => service.Replace('-', '_');

    public static IReadOnlyDictionary<string, string> Environment(ServiceKind kind, string service) => kind == ServiceKind.Postgres
        ? new Dictionary<string, string>
        {
            ["POSTGRES_USER"] = DatabaseOf(service),
            ["POSTGRES_PASSWORD_FILE"] = PostgresPasswordFile,
            ["POSTGRES_DB"] = DatabaseOf(service),
        }
        : new Dictionary<string, string>();

    /// <summary>Null: the image's own command. Redis takes a configuration file as its first argument, then options.</summary>
    public static IReadOnlyList<string>? Command(ServiceKind kind) => kind == ServiceKind.Postgres
        ? null
        : ["redis-server", RedisConfigFile, "--appendonly", "yes", "--dir", "/data"];

    public static ServiceSecretFile SecretFile(ServiceKind kind, string password) => kind == ServiceKind.Postgres
        // The entrypoint reads it with $(< file), which drops a final newline: none is written.
        ? new ServiceSecretFile(PostgresPasswordFile, password, RootId)
        : new ServiceSecretFile(RedisConfigFile, $"requirepass \"{password.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"\n", RedisUserId);
}
