using System.Globalization;

namespace OrleansPaas.Cli.Output;

/// <summary>"5 minutes ago" for recent times, the date for old ones, as <c>heroku releases</c> does.</summary>
internal static class RelativeTime
{
    /// <summary>Older than this, a date says more than "47 days ago".</summary>
    public static readonly TimeSpan RecentLimit = TimeSpan.FromDays(30);

    public static string Format(DateTimeOffset? then, DateTimeOffset now)
    {
        if (then is not { } time)
        {
            return "";
        }

        var age = now - time;
        return age switch
        {
            { TotalMinutes: < 1 } => "just now",
            { TotalHours: < 1 } => Ago((int)age.TotalMinutes, "minute"),
            { TotalDays: < 1 } => Ago((int)age.TotalHours, "hour"),
            _ when age < RecentLimit => Ago((int)age.TotalDays, "day"),
            _ => time.ToLocalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    private static string Ago(int count, string unit) => count == 1 ? $"1 {unit} ago" : $"{count} {unit}s ago";
}
