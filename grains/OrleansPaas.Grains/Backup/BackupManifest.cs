using System.Text.Json;

namespace OrleansPaas.Grains.Backup;

/// <summary>
/// The archive's table of contents, written as its last entry: a restore checks every file against
/// its SHA-256 before it changes anything, so a damaged or doctored archive is refused whole.
/// </summary>
public sealed record BackupManifest(
    string Format,
    int Version,
    string State,
    DateTimeOffset CreatedAt,
    string Node,
    IReadOnlyList<string> Apps,
    IReadOnlyList<string> Images,
    IReadOnlyDictionary<string, string> Files)
{
    public const string FormatName = "orleanspaas-backup";
    public const int CurrentVersion = 1;

    /// <summary>A single node's state: its SQLite database.</summary>
    public const string SqliteState = "sqlite";

    /// <summary>A cluster's state: its rows in PostgreSQL.</summary>
    public const string PostgresState = "postgres";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>The manifest, or null when the bytes are not one of this format.</summary>
    public static BackupManifest? Parse(byte[] json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<BackupManifest>(json, Json);
            return manifest is { Format: FormatName, State: SqliteState or PostgresState, Files: not null, Apps: not null, Images: not null } ? manifest : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
