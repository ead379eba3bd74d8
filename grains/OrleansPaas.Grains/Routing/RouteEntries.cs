using OrleansPaas.Routing;

namespace OrleansPaas.Grains.Routing;

/// <summary>Route entries compared by content (a record's generated equality compares its lists by reference).</summary>
public static class RouteEntries
{
    public static bool Same(RouteEntry a, RouteEntry b) =>
        a.App == b.App && a.Stopped == b.Stopped && a.Sleeping == b.Sleeping && a.SleepAfter == b.SleepAfter && a.SleepPage == b.SleepPage
        && a.Hosts.SequenceEqual(b.Hosts) && a.Endpoints.SequenceEqual(b.Endpoints) && a.AllBackends.SequenceEqual(b.AllBackends);
}
