using OrleansPaas.Sleep;

namespace OrleansPaas.Gateway.Api;

/// <summary>The keys of <c>ps:set</c> and their values, checked before anything changes.</summary>
public static class ProcessSettings
{
    public const string SleepAfter = "sleep-after";
    public const string SleepPage = "sleep-page";

    /// <summary>Reads <paramref name="key"/> = <paramref name="value"/> (null or empty: back to the default); returns why not, or null.</summary>
    public static string? Parse(string key, string? value, out SleepSettings? settings)
    {
        settings = null;
        var unset = string.IsNullOrWhiteSpace(value);
        switch (key)
        {
            case SleepAfter when unset:
                settings = new SleepSettings(new SleepAfterChange(null, Default: true), null);
                return null;
            case SleepAfter:
                if (SleepDuration.TryParse(value, out var after) is { } problem)
                {
                    return problem;
                }

                settings = new SleepSettings(new SleepAfterChange(after), null);
                return null;
            case SleepPage:
                var page = unset ? "off" : value!.Trim().ToLowerInvariant();
                if (page is not ("on" or "off"))
                {
                    return $"sleep-page is on or off, not '{value}'";
                }

                settings = new SleepSettings(null, page == "on");
                return null;
            default:
                return $"unknown setting '{key}'; ps:set knows {SleepAfter} (30s, 15m, 2h, off), {SleepPage} (on, off), and for admins cap-add and device";
        }
    }
}
