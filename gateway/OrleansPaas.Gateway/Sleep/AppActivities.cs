using System.Collections.Concurrent;

namespace OrleansPaas.Gateway.Sleep;

/// <summary>This gateway's <see cref="AppActivity"/> per app, looked up when a route snapshot is built, never per request.</summary>
public sealed class AppActivities
{
    private readonly ConcurrentDictionary<string, AppActivity> _byApp = new(StringComparer.Ordinal);

    public AppActivity For(string app) => _byApp.GetOrAdd(app, _ => new AppActivity());

    /// <summary>Every app's counters (what <c>/metrics</c> reads).</summary>
    public IEnumerable<KeyValuePair<string, AppActivity>> All => _byApp;

    /// <summary>Forgets apps that left the routes (destroyed), so counters never pile up.</summary>
    public void KeepOnly(IReadOnlySet<string> apps)
    {
        foreach (var app in _byApp.Keys)
        {
            if (!apps.Contains(app))
            {
                _byApp.TryRemove(app, out _);
            }
        }
    }
}
