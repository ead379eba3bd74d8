using OrleansPaas.Gateway.Sleep;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// One app as this gateway serves it: where its web instances are (destination prefixes such as
/// <c>http://172.17.0.3:5000/</c>) and, when the routes say, which container is at each, or why it
/// has none, or that it sleeps.
/// </summary>
public sealed class AppRoute(string app, string[] destinations, string? unavailable, AppActivity? activity = null, string?[]? containers = null)
{
    private int _next = -1;

    public string App { get; } = app;

    /// <summary>Set when the app exists but has nothing to serve with ("stopped", "scaled to zero").</summary>
    public string? Unavailable { get; } = unavailable;

    /// <summary>The app's traffic counters on this gateway (shared by every snapshot's route of the app).</summary>
    public AppActivity Activity { get; } = activity ?? new AppActivity();

    /// <summary>The app sleeps: a request is held while the gateway wakes it.</summary>
    public bool Sleeping { get; init; }

    /// <summary>Set when the app may sleep: its activity is then reported to its grain.</summary>
    public TimeSpan? SleepAfter { get; init; }

    /// <summary>Browsers get a waiting page while the app wakes, instead of being held.</summary>
    public bool SleepPage { get; init; }

    public int Count => destinations.Length;

    /// <summary>The app's instances, in the routes' order.</summary>
    public IReadOnlyList<string> Destinations => destinations;

    /// <summary>Whether <paramref name="destination"/> is one of the app's instances in this snapshot.</summary>
    public bool Has(string destination) => Array.IndexOf(destinations, destination) >= 0;

    /// <summary>The container at <paramref name="destination"/>; null when the routes did not say.</summary>
    public string? ContainerAt(string destination) =>
        containers is not null && Array.IndexOf(destinations, destination) is var at and >= 0 ? containers[at] : null;

    /// <summary>Round robin over the instances: spreads requests evenly without any lock.</summary>
    public string Next()
    {
        var turn = (uint)Interlocked.Increment(ref _next);
        return destinations[turn % (uint)destinations.Length];
    }

    /// <summary>The next instance in turn that <paramref name="unreachable"/> does not advise against; the next one in turn when all are.</summary>
    public string Next(UnreachableInstances unreachable)
    {
        var first = Next();
        if (unreachable.IsEmpty || !unreachable.Avoid(first, ContainerAt(first)))
        {
            return first;
        }

        return Other(first, unreachable) ?? first;
    }

    /// <summary>Another instance than <paramref name="failed"/>, or null when it is the only one.</summary>
    public string? Other(string failed) => Other(failed, null);

    /// <summary>
    /// Another instance than <paramref name="failed"/>, preferring one <paramref name="unreachable"/>
    /// does not advise against; null when <paramref name="failed"/> is the only one.
    /// </summary>
    public string? Other(string failed, UnreachableInstances? unreachable)
    {
        string? fallback = null;
        for (var tries = 0; tries < destinations.Length; tries++)
        {
            var candidate = Next();
            if (string.Equals(candidate, failed, StringComparison.Ordinal))
            {
                continue;
            }

            if (unreachable is null || !unreachable.Avoid(candidate, ContainerAt(candidate)))
            {
                return candidate;
            }

            fallback ??= candidate;
        }

        return fallback;
    }
}
