using System.Text;

namespace OrleansPaas.NodeServices.Services.Backups;

/// <summary>
/// What a dump file is, from its first bytes: pg_dump's custom format starts with <c>PGDMP</c>, a Redis
/// RDB file with <c>REDIS</c> and its format version. An import checks this before anything is touched,
/// so a file of the other kind (or no dump at all) is refused instead of half-loaded.
/// </summary>
public static class DumpSignature
{
    private static readonly (string Kind, string Magic, string Description)[] Known =
    [
        ("postgres", "PGDMP", "a PostgreSQL dump in pg_dump's custom format"),
        ("redis", "REDIS", "a Redis RDB file"),
    ];

    /// <summary>Null when <paramref name="file"/> is a dump of <paramref name="kind"/>, else the sentence that refuses it for <paramref name="service"/>.</summary>
    public static async Task<string?> ProblemAsync(string service, string kind, string file, CancellationToken cancellationToken)
    {
        var head = new byte[5];
        int read;
        await using (var stream = File.OpenRead(file))
        {
            read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }

        var magic = Encoding.ASCII.GetString(head, 0, read);
        var expected = Known.FirstOrDefault(k => k.Kind == kind);
        if (expected.Magic == magic)
        {
            return null;
        }

        var found = Known.FirstOrDefault(k => k.Magic == magic).Description
            ?? (read == 0 ? "empty" : "not a dump of either kind (plain SQL is not taken: export with `paas services:export`, or pg_dump --format=custom)");
        return $"The file is {found}, but {service} is a {kind} service that takes {expected.Description ?? "no dumps"}; nothing was changed.";
    }
}
