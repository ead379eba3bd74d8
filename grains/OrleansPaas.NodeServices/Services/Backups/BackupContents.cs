namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// What a backup holds, as counted when it was taken and again after it was restored: PostgreSQL's
/// tables with their rows, Redis's keys (<see cref="Expiring"/> of them with a time to live).
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.BackupContents")]
public sealed record BackupContents(
    [property: Id(0)] IReadOnlyList<TableRows>? Tables,
    [property: Id(1)] long? Keys,
    [property: Id(2)] long? Expiring)
{
    public static BackupContents OfTables(IReadOnlyList<TableRows> tables) => new(tables, null, null);

    public static BackupContents OfKeys(long keys, long expiring) => new(null, keys, expiring);

    public long TotalRows => Tables?.Sum(t => t.Rows) ?? 0;

    /// <summary>One line for listings: "3 tables, 1200 rows" or "42 keys".</summary>
    public string Describe() => Tables is not null
        ? $"{Tables.Count} table{(Tables.Count == 1 ? "" : "s")}, {TotalRows} row{(TotalRows == 1 ? "" : "s")}"
        : $"{Keys} key{(Keys == 1 ? "" : "s")}";

    /// <summary>
    /// Null when <paramref name="restored"/> holds what this backup says it holds, else one sentence
    /// naming the first difference. Keys with a time to live may lapse between the dump and the
    /// restore, so Redis may come back short by at most <see cref="Expiring"/>.
    /// </summary>
    public string? DifferenceFrom(BackupContents restored)
    {
        if (Tables is not null)
        {
            var found = (restored.Tables ?? []).ToDictionary(t => t.Table, t => t.Rows, StringComparer.Ordinal);
            foreach (var table in Tables)
            {
                if (!found.Remove(table.Table, out var rows))
                {
                    return $"table {table.Table} ({table.Rows} rows in the backup) is missing after the restore";
                }

                if (rows != table.Rows)
                {
                    return $"table {table.Table} has {rows} rows after the restore, the backup says {table.Rows}";
                }
            }

            return found.Count == 0 ? null : $"table {found.Keys.Order().First()} appears after the restore but is not in the backup";
        }

        var keys = restored.Keys ?? 0;
        return keys <= Keys && keys >= Keys - (Expiring ?? 0)
            ? null
            : $"{keys} keys after the restore, the backup says {Keys}";
    }
}
