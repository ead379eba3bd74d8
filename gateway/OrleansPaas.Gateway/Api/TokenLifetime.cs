using System.Globalization;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>--expires</c>: a whole number of days, hours or minutes (<c>90d</c>, <c>12h</c>, <c>30m</c>), at most ten years.</summary>
public static class TokenLifetime
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    public static bool TryParse(string text, out TimeSpan lifetime)
    {
        lifetime = default;
        text = text.Trim();
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            return false;
        }

        lifetime = char.ToLowerInvariant(text[^1]) switch
        {
            'd' => TimeSpan.FromDays(count),
            'h' => TimeSpan.FromHours(count),
            'm' => TimeSpan.FromMinutes(count),
            _ => TimeSpan.Zero,
        };
        return lifetime > TimeSpan.Zero && lifetime <= Longest;
    }
}
