using Npgsql;

namespace OrleansPaas.Grains.Storage;

/// <summary>
/// Runs an idempotent schema script so that several nodes may run it at the same moment:
/// one transaction that first takes a transaction-scoped advisory lock, so the applies queue up
/// instead of racing on <c>CREATE TABLE IF NOT EXISTS</c>, which is not safe against a
/// concurrent create (the loser fails on the catalog's unique index, e.g. 42710 "type already exists").
/// </summary>
internal static class SerializedSchemaApply
{
    // Any fixed 64-bit number shared by all nodes and all of the project's scripts; "OPaaSchm"
    // in ASCII, unlikely to collide with another application's advisory locks in the same database.
    private const long AdvisoryLockKey = 0x4F50_6141_5363_686D;

    public static async Task RunAsync(NpgsqlConnection openConnection, string script, CancellationToken cancellationToken)
    {
        await using var transaction = await openConnection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", openConnection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(script, openConnection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
