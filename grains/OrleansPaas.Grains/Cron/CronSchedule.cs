using Cronos;

namespace OrleansPaas.Grains.Cron;

/// <summary>
/// A schedule — an app.json cron job's or a service's backups' — as five fields (minute hour day
/// month weekday) or a macro such as <c>@daily</c>, read by Cronos, in UTC. The one place schedules are parsed.
/// </summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(CronExpression expression) => _expression = expression;

    /// <summary>
    /// The schedule, or a sentence saying why <paramref name="text"/> is not one. With
    /// <paramref name="allowSeconds"/> six fields (seconds first) are read too: backup schedules allow
    /// them for short test schedules; app.json's jobs keep Dokku's five.
    /// </summary>
    public static CronSchedule? TryParse(string? text, out string? problem, bool allowSeconds = false)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "the schedule is empty; give five fields, e.g. \"*/5 * * * *\"";
            return null;
        }

        var withSeconds = allowSeconds && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;
        try
        {
            return new CronSchedule(CronExpression.Parse(text.Trim(), withSeconds ? CronFormat.IncludeSeconds : CronFormat.Standard));
        }
        catch (CronFormatException ex)
        {
            problem = $"'{text}' is not a cron schedule (minute hour day month weekday, e.g. \"*/5 * * * *\"): {ex.Message}";
            return null;
        }
    }

    public static CronSchedule Parse(string text) =>
        TryParse(text, out var problem) ?? throw new FormatException(problem);

    /// <summary>The first scheduled time strictly after <paramref name="after"/>; null when there is none (e.g. 30 February).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        _expression.GetNextOccurrence(after.ToUniversalTime(), TimeZoneInfo.Utc, inclusive: false);

    /// <summary>The latest scheduled time at or before <paramref name="now"/> and after <paramref name="since"/>; null when none.</summary>
    public DateTimeOffset? LatestDue(DateTimeOffset since, DateTimeOffset now)
    {
        DateTimeOffset? latest = null;
        // Occurrences between the two, lazily: a catch-up window of an hour of a
        // minute schedule is 60 steps, and only the last one is wanted.
        foreach (var at in _expression.GetOccurrences(since.ToUniversalTime(), now.ToUniversalTime(), TimeZoneInfo.Utc, fromInclusive: false, toInclusive: true))
        {
            latest = at;
        }

        return latest;
    }

    /// <summary>
    /// The latest time due after <paramref name="since"/> up to <paramref name="now"/>, if it is no older
    /// than <paramref name="catchUp"/>: times missed while the platform was down run once, not once each.
    /// </summary>
    public DateTimeOffset? Due(DateTimeOffset since, DateTimeOffset now, TimeSpan catchUp) =>
        LatestDue(since > now - catchUp ? since : now - catchUp, now);
}
