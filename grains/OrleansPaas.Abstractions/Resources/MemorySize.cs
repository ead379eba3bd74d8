using System.Globalization;

namespace OrleansPaas.Resources;

/// <summary>
/// A memory limit as users write it (<c>resource:limit APP --memory 256m</c>): a whole number with
/// <c>k</c>, <c>m</c> or <c>g</c> (binary units, as Docker's <c>--memory</c> reads them); a bare number is
/// megabytes, as in Dokku.
/// </summary>
public static class MemorySize
{
    /// <summary>
    /// The smallest limit taken: Docker refuses less than 6 MiB, and below 16 MiB hardly any
    /// process starts, so a typo such as <c>16k</c> is refused rather than deployed to crash.
    /// </summary>
    public const long SmallestBytes = 16L << 20;

    /// <summary>Beyond any machine's memory: refused as a typo rather than passed to the engine.</summary>
    public const long LargestBytes = 1L << 50;

    /// <summary>Parses <paramref name="text"/> into bytes; returns why it is not a memory limit, or null.</summary>
    public static string? TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var input = text?.Trim().ToLowerInvariant() ?? "";
        if (input.EndsWith('b') && input.Length > 1 && !char.IsDigit(input[^2]))
        {
            // "256mb" is read like "256m".
            input = input[..^1];
        }

        var (digits, shift) = input.Length == 0 ? ("", 0) : input[^1] switch
        {
            'k' => (input[..^1], 10),
            'm' => (input[..^1], 20),
            'g' => (input[..^1], 30),
            'b' => (input[..^1], 0),
            _ => (input, 20),
        };
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > LargestBytes >> shift)
        {
            return $"--memory takes a whole number with k, m or g such as 256m or 1g, not '{text}'";
        }

        if (amount << shift < SmallestBytes)
        {
            return $"--memory must be at least {Format(SmallestBytes)}, not '{text}'";
        }

        bytes = amount << shift;
        return null;
    }

    /// <summary>Bytes written back the shortest exact way: <c>1g</c>, <c>256m</c>, <c>1536k</c>.</summary>
    public static string Format(long bytes) => bytes switch
    {
        > 0 when bytes % (1L << 30) == 0 => $"{bytes >> 30}g",
        > 0 when bytes % (1L << 20) == 0 => $"{bytes >> 20}m",
        > 0 when bytes % (1L << 10) == 0 => $"{bytes >> 10}k",
        _ => $"{bytes}b",
    };
}
