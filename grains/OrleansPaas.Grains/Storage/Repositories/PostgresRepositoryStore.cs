using OrleansPaas.NodeServices.Repositories;
using System.Data;
using Npgsql;
using NpgsqlTypes;
using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Storage.Repositories;

/// <summary>
/// Repositories in PostgreSQL (table <c>paas_git_repositories</c>, deploy/postgres/paas-git.sql,
/// created on first use). Packs move between the database and a temporary file, never whole
/// into memory: Npgsql streams a seekable parameter and a sequential-access column.
/// </summary>
public sealed class PostgresRepositoryStore : IRepositoryStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly EndedSessionRetry _retry;
    private readonly string _scratch;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public PostgresRepositoryStore(string connectionString, string scratchDirectory)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _retry = new EndedSessionRetry(_dataSource);
        _scratch = scratchDirectory;
    }

    public bool IsClusterWide => true;

    public async Task<StoredHead?> GetHeadAsync(AppName app, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await _retry.RunAsync(token => ReadHeadAsync(app, token), cancellationToken);
    }

    private async Task<StoredHead?> ReadHeadAsync(AppName app, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT ref, commit, pack_bytes, updated_at FROM paas_git_repositories WHERE app = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = app.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredHead(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    public async Task<bool> SavePackAsync(AppName app, string refName, string expectedOld, string commit, Stream pack, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        // Npgsql must know a stream parameter's length up front; a non-seekable pack is spooled to disk first.
        await using var spooled = pack.CanSeek ? null : await SpoolAsync(pack, cancellationToken);
        var source = spooled ?? pack;
        var start = source.Position;
        return await _retry.RunAsync(token =>
        {
            // A second try sends the pack again from its start.
            source.Position = start;
            return WritePackAsync(app, refName, expectedOld, commit, source, token);
        }, cancellationToken);
    }

    private async Task<bool> WritePackAsync(AppName app, string refName, string expectedOld, string commit, Stream source, CancellationToken cancellationToken)
    {
        var length = source.Length - source.Position;
        // The row is replaced only where it still holds the push's old commit on the same branch, or
        // (old commit all zeros) where it holds another branch: the push creates this one. The
        // statement is atomic, so of two racing pushes with one old commit exactly one row is written.
        // A row that already holds this very commit on this branch is written again: a second try
        // (EndedSessionRetry) of a write that did land is not taken for a lost race.
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO paas_git_repositories (app, ref, commit, pack, pack_bytes, updated_at)
            VALUES ($1, $2, $3, $4, $5, now())
            ON CONFLICT (app) DO UPDATE
            SET ref = EXCLUDED.ref, commit = EXCLUDED.commit, pack = EXCLUDED.pack,
                pack_bytes = EXCLUDED.pack_bytes, updated_at = EXCLUDED.updated_at
            WHERE (paas_git_repositories.ref = EXCLUDED.ref AND paas_git_repositories.commit = $6)
               OR (paas_git_repositories.ref <> EXCLUDED.ref AND $7)
               OR (paas_git_repositories.ref = EXCLUDED.ref AND paas_git_repositories.commit = EXCLUDED.commit)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = app.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = refName });
        command.Parameters.Add(new NpgsqlParameter { Value = commit });
        command.Parameters.Add(new NpgsqlParameter { Value = source, NpgsqlDbType = NpgsqlDbType.Bytea, Size = checked((int)length) });
        command.Parameters.Add(new NpgsqlParameter { Value = length });
        command.Parameters.Add(new NpgsqlParameter { Value = expectedOld });
        command.Parameters.Add(new NpgsqlParameter { Value = IsZero(expectedOld) });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Stream?> OpenPackAsync(AppName app, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await _retry.RunAsync(token => ReadPackAsync(app, token), cancellationToken);
    }

    private async Task<Stream?> ReadPackAsync(AppName app, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT pack FROM paas_git_repositories WHERE app = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = app.Value });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        // Copied out so the connection goes back to the pool before git reads the pack at its own pace.
        await using var column = await reader.GetStreamAsync(0, cancellationToken);
        return await SpoolAsync(column, cancellationToken);
    }

    public async Task DeleteAsync(AppName app, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await _retry.RunAsync(async token =>
        {
            await using var command = _dataSource.CreateCommand("DELETE FROM paas_git_repositories WHERE app = $1");
            command.Parameters.Add(new NpgsqlParameter { Value = app.Value });
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);
    }

    private static bool IsZero(string commit) => commit.All(c => c == '0');

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                await RepositorySchema.EnsureCreatedAsync(_dataSource, cancellationToken);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    /// <summary>A temporary file holding the stream's rest, positioned at its start and deleted when closed.</summary>
    private async Task<FileStream> SpoolAsync(Stream source, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_scratch);
        var file = new FileStream(Path.Combine(_scratch, $"pack-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await source.CopyToAsync(file, 64 * 1024, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
