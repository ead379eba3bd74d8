using System.Collections.Concurrent;
using System.Globalization;
using OrleansPaas.Configuration;

namespace OrleansPaas.Dashboard.Session;

/// <summary>
/// Sessions ended by logging out, kept on the server: the cookie is sealed, not stored, so without
/// this list a copy of it (taken from the browser or the wire) would keep working until it
/// expired. Each entry is kept as long as a copy of that session's cookie could still be valid,
/// in <c>&lt;DataDir&gt;/dashboard-sessions-revoked</c> (owner only), so a restart keeps them ended.
/// A node's cookies only open that node's dashboard (its keys are its own), so the list is per node.
/// </summary>
public sealed class RevokedSessions
{
    private readonly string _file;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly Lock _write = new();

    public RevokedSessions(DataPaths paths, TimeProvider time)
    {
        _file = Path.Combine(paths.Root, "dashboard-sessions-revoked");
        _time = time;
        Load();
    }

    public bool IsRevoked(string sessionId) => _revoked.TryGetValue(sessionId, out var until) && until > _time.GetUtcNow();

    /// <summary>Ends the session for good: <paramref name="validUntil"/> is the latest any copy of its cookie could expire.</summary>
    public void Revoke(string sessionId, DateTimeOffset validUntil)
    {
        _revoked[sessionId] = validUntil;
        var now = _time.GetUtcNow();
        foreach (var (id, until) in _revoked)
        {
            if (until <= now)
            {
                _revoked.TryRemove(id, out _);
            }
        }

        Save();
    }

    private void Load()
    {
        if (!File.Exists(_file))
        {
            return;
        }

        foreach (var line in File.ReadLines(_file))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                _revoked[parts[0]] = DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }
    }

    private void Save()
    {
        lock (_write)
        {
            var temporary = _file + ".tmp";
            var create = new FileStreamOptions
            {
                Mode = FileMode.Create,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            };
            using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, create))
            {
                foreach (var (id, until) in _revoked)
                {
                    writer.WriteLine($"{id} {until.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
                }
            }

            // Replaced whole, so a crash mid-write never loses the entries already there.
            File.Move(temporary, _file, overwrite: true);
        }
    }
}
