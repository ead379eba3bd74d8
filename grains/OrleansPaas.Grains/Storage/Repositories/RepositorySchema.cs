using Npgsql;

namespace OrleansPaas.Grains.Storage.Repositories;

/// <summary>Creates <c>paas_git_repositories</c> from deploy/postgres/paas-git.sql (embedded into this assembly).</summary>
public static class RepositorySchema
{
    /// <summary>The logical name the grains csproj gives the embedded SQL script.</summary>
    public const string ScriptResourceName = "OrleansPaas.Storage.PaasGit.sql";

    private static readonly Lazy<string> Script = new(LoadScript);

    public static async Task EnsureCreatedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand(Script.Value);
                await command.ExecuteNonQueryAsync(cancellationToken);
                return;
            }
            // Two nodes running CREATE TABLE IF NOT EXISTS at the same moment can both pass the
            // check and one then fails on the catalog's unique index; the second try sees the table.
            catch (PostgresException ex) when (attempt < 3 && ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
            {
            }
        }
    }

    private static string LoadScript()
    {
        using var stream = typeof(RepositorySchema).Assembly.GetManifestResourceStream(ScriptResourceName)
            ?? throw new InvalidOperationException(
                $"Embedded resource '{ScriptResourceName}' is missing; the grains csproj must embed deploy/postgres/paas-git.sql under that LogicalName.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
