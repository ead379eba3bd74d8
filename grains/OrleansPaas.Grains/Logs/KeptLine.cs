using System.Globalization;

namespace OrleansPaas.Grains.Logs;

/// <summary>
/// One line an instance wrote, as the platform keeps it: when (the engine's timestamp), which
/// instance of which release, which stream, which container (the first 12 characters of its id:
/// where a follow of that container resumes). One text line per kept line on disk:
/// <c>2026-11-30T20:29:11.1234567Z web.1 3 o 0123456789ab the text</c> (o = stdout, e = stderr).
/// </summary>
public sealed record KeptLine(DateTimeOffset At, string Instance, int Release, bool IsError, string Container, string Text)
{
    public static string ShortId(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;

    public string Format() =>
        $"{At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)} {Instance} {Release.ToString(CultureInfo.InvariantCulture)} {(IsError ? 'e' : 'o')} {Container} {Text}";

    /// <summary>Null for a line that is not one (a torn write at a crash): it is skipped, not fatal.</summary>
    public static KeptLine? Parse(string line)
    {
        var parts = line.Split(' ', 6);
        if (parts.Length < 5
            || !DateTimeOffset.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var release)
            || parts[3] is not ("o" or "e"))
        {
            return null;
        }

        return new KeptLine(at, parts[1], release, parts[3] == "e", parts[4], parts.Length == 6 ? parts[5] : "");
    }
}
