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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await SerializedSchemaApply.RunAsync(connection, Script.Value, cancellationToken);
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
