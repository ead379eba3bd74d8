using System.Globalization;
using System.Security.Cryptography;
using OrleansPaas.NodeServices.Backup;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// PostgreSQL: <c>pg_dump -Fc</c> of the service's database inside the container, taken from a snapshot
/// that the same session also counts every table's rows in (so the manifest says exactly what the dump
/// holds, whatever is written meanwhile); restored with <c>pg_restore</c> in one transaction.
/// </summary>
public sealed class PostgresBackups(ContainerCommands commands) : IKindBackups
{
    /// <summary>Every user table and its rows, as one statement: the counts read one snapshot.</summary>
    private const string CountRows = """
        SELECT n.nspname || '.' || c.relname,
               (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
        ORDER BY 1
        """;

    /// <summary>Everything of the users' (tables, views, functions, extensions' objects) goes; an empty <c>public</c> comes back as after initdb.</summary>
    private const string DropUserSchemas = """
        DO $$
        DECLARE s name;
        BEGIN
          FOR s IN SELECT nspname FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\_%' LOOP
            EXECUTE format('DROP SCHEMA %I CASCADE', s);
          END LOOP;
          CREATE SCHEMA public;
        END $$
        """;

    public string Kind => "postgres";

    public string Extension => "dump";

    public async Task<BackupContents> DumpAsync(ServiceBackupSource source, string file, CancellationToken cancellationToken)
    {
        var work = "/tmp/paas-backup-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        // psql holds a repeatable-read transaction open while pg_dump runs from its exported snapshot
        // (\! runs it from the same session), then counts rows in that transaction. \! does not report
        // a failing command, so pg_dump's exit status is written down and read back.
        var script = $"""
            \set ON_ERROR_STOP on
            BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;
            SELECT pg_export_snapshot() AS paas_snapshot \gset
            \setenv PAAS_SNAPSHOT :paas_snapshot
            \! pg_dump --format=custom --snapshot="$PAAS_SNAPSHOT" --file={work}.dump 2>{work}.err; echo $? >{work}.status
            {CountRows};
            COMMIT;

            """;
        var scriptFile = file + ".sql";
        await File.WriteAllTextAsync(scriptFile, script, cancellationToken);
        try
        {
            await commands.CopyInAsync(source.ContainerId, scriptFile, "/tmp", Path.GetFileName(work) + ".sql", cancellationToken);
            using var counts = new MemoryStream();
            var run = await commands.RunAsync(source.ContainerId,
                ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-f", work + ".sql"], Environment(source), counts, cancellationToken);
            if (!run.Succeeded)
            {
                throw new BackupProblemException($"psql in the service's container failed: {run.LastLine}");
            }

            var status = await commands.RunAsync(source.ContainerId, ["cat", work + ".status", work + ".err"], null, null, cancellationToken);
            if (!status.Output.StartsWith("0\n", StringComparison.Ordinal))
            {
                throw new BackupProblemException($"pg_dump failed: {status.LastLine}");
            }

            await using (var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var copy = await commands.RunAsync(source.ContainerId, ["cat", work + ".dump"], null, output, cancellationToken);
                if (!copy.Succeeded)
                {
                    throw new BackupProblemException($"the dump could not be read from the container: {copy.LastLine}");
                }
            }

            return BackupContents.OfTables(ParseCounts(counts.ToArray()));
        }
        finally
        {
            File.Delete(scriptFile);
            await commands.RunAsync(source.ContainerId, ["rm", "-f", work + ".sql", work + ".dump", work + ".err", work + ".status"], null, null, CancellationToken.None);
        }
    }

    public async Task<BackupContents> LoadIntoThrowawayAsync(string service, string image, string file, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var password = RandomNumberGenerator.GetHexString(24, lowercase: true);
        // Durability is worthless in a container that lives for one check; without it the restore is faster.
        await using var container = await ThrowawayContainer.CreateAsync(commands.Client, image, service,
            new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = password },
            ["postgres", "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off"], cancellationToken);
        await container.StartAsync(cancellationToken);
        var target = new ServiceBackupSource(service, Kind, container.Id, image, password);
        // Over TCP: the image's first start runs a private server on the socket only, then restarts.
        await container.WaitUntilAsync(async token =>
            (await commands.RunAsync(container.Id, ["pg_isready", "-q", "-h", "127.0.0.1"], Environment(target), null, token)).Succeeded,
            timeout, "PostgreSQL server", cancellationToken);
        return await LoadAsync(target, file, clean: false, cancellationToken);
    }

    public Task<BackupContents> RestoreAsync(ServiceBackupSource target, string file, TimeSpan timeout, CancellationToken cancellationToken) =>
        LoadAsync(target, file, clean: true, cancellationToken);

    /// <summary>
    /// The dump becomes SQL (pg_restore, which also catches a damaged file), then runs in one transaction:
    /// for a restore into the service it first drops every user schema, so the database becomes exactly
    /// the backup; if anything fails, the database stays as it was. Owners and grants are not restored
    /// (the target's user owns everything, as in the source).
    /// </summary>
    private async Task<BackupContents> LoadAsync(ServiceBackupSource target, string file, bool clean, CancellationToken cancellationToken)
    {
        var work = "/tmp/paas-restore-" + RandomNumberGenerator.GetHexString(8, lowercase: true);
        await commands.CopyInAsync(target.ContainerId, file, "/tmp", Path.GetFileName(work) + ".dump", cancellationToken);
        try
        {
            var script = await commands.RunAsync(target.ContainerId,
                ["pg_restore", "--no-owner", "--no-privileges", "--file=" + work + ".sql", work + ".dump"], Environment(target), null, cancellationToken);
            if (!script.Succeeded)
            {
                throw new BackupProblemException($"the dump does not restore: {script.LastLine}");
            }

            List<string> command = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction"];
            if (clean)
            {
                command.AddRange(["-c", DropUserSchemas]);
            }

            command.AddRange(["-f", work + ".sql"]);
            var restore = await commands.RunAsync(target.ContainerId, command, Environment(target), Stream.Null, cancellationToken);
            if (!restore.Succeeded)
            {
                throw new BackupProblemException($"the dump does not restore: {restore.LastLine}");
            }
        }
        finally
        {
            await commands.RunAsync(target.ContainerId, ["rm", "-f", work + ".dump", work + ".sql"], null, null, CancellationToken.None);
        }

        using var counts = new MemoryStream();
        var count = await commands.RunAsync(target.ContainerId, ["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", CountRows],
            Environment(target), counts, cancellationToken);
        if (!count.Succeeded)
        {
            throw new BackupProblemException($"the restored tables could not be counted: {count.LastLine}");
        }

        return BackupContents.OfTables(ParseCounts(counts.ToArray()));
    }

    /// <summary>The server is reached on the container's local socket, where the image trusts its own user.</summary>
    private static Dictionary<string, string> Environment(ServiceBackupSource source) => new()
    {
        ["PGUSER"] = source.User,
        ["PGDATABASE"] = source.Database,
        ["PGPASSWORD"] = source.Password,
    };

    private static List<TableRows> ParseCounts(byte[] output) =>
        System.Text.Encoding.UTF8.GetString(output)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length == 2)
            .Select(fields => new TableRows(fields[0], long.Parse(fields[1], CultureInfo.InvariantCulture)))
            .ToList();
}
