using System.Globalization;

namespace OrleansPaas.Sleep;

/// <summary>
/// The idle time of <c>ps:set APP sleep-after</c> as users write it: <c>30s</c>, <c>15m</c>, <c>2h</c>,
/// <c>1d</c>, or <c>off</c>. One parser for the API and the CLI's help; the grain takes the parsed value.
/// </summary>
public static class SleepDuration
{
    public static readonly TimeSpan Shortest = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    /// <summary>Parses <paramref name="text"/>; <paramref name="value"/> is null for <c>off</c>. Returns why it is not valid, or null.</summary>
    public static string? TryParse(string? text, out TimeSpan? value)
    {
        value = null;
        var input = text?.Trim().ToLowerInvariant() ?? "";
        if (input == "off")
        {
            return null;
        }

        if (input.Length < 2 || !long.TryParse(input[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return $"'{text}' is not a duration; write a whole number with s, m, h or d (30s, 15m, 2h, 1d), or off";
        }

        TimeSpan? parsed = input[^1] switch
        {
            's' => TimeSpan.FromSeconds(Math.Min(amount, (long)Longest.TotalSeconds + 1)),
            'm' => TimeSpan.FromMinutes(Math.Min(amount, (long)Longest.TotalMinutes + 1)),
            'h' => TimeSpan.FromHours(Math.Min(amount, (long)Longest.TotalHours + 1)),
            'd' => TimeSpan.FromDays(Math.Min(amount, (long)Longest.TotalDays + 1)),
            _ => null,
        };
        if (parsed is null)
        {
            return $"'{text}' has an unknown unit; use s, m, h or d (30s, 15m, 2h, 1d), or off";
        }

        if (OutOfRange(parsed.Value) is { } problem)
        {
            return problem;
        }

        value = parsed;
        return null;
    }

    /// <summary>Why <paramref name="value"/> is not an idle time the platform takes, or null (the grain checks again what callers send).</summary>
    public static string? OutOfRange(TimeSpan value) =>
        value < Shortest || value > Longest ? $"sleep-after must be between {Format(Shortest)} and {Format(Longest)}, or off" : null;

    /// <summary>The shortest exact way to write <paramref name="value"/> back (<c>90s</c>, <c>15m</c>, <c>2h</c>).</summary>
    public static string Format(TimeSpan? value) => value switch
    {
        null => "off",
        { } v when v.TotalDays >= 1 && v.TotalDays == Math.Floor(v.TotalDays) => $"{v.TotalDays:0}d",
        { } v when v.TotalHours >= 1 && v.TotalHours == Math.Floor(v.TotalHours) => $"{v.TotalHours:0}h",
        { } v when v.TotalMinutes >= 1 && v.TotalMinutes == Math.Floor(v.TotalMinutes) => $"{v.TotalMinutes:0}m",
        { } v => $"{Math.Round(v.TotalSeconds):0}s",
    };
}
