namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// One app as this gateway serves it: where its web instances are (destination prefixes such as
/// <c>http://172.17.0.3:5000/</c>), or why it has none.
/// </summary>
public sealed class AppRoute(string app, string[] destinations, string? unavailable)
{
    private int _next = -1;

    public string App { get; } = app;

    /// <summary>Set when the app exists but has nothing to serve with ("stopped", "scaled to zero").</summary>
    public string? Unavailable { get; } = unavailable;

    public int Count => destinations.Length;

    /// <summary>Round robin over the instances: spreads requests evenly without any lock.</summary>
    public string Next()
    {
        var turn = (uint)Interlocked.Increment(ref _next);
        return destinations[turn % (uint)destinations.Length];
    }

    /// <summary>Another instance than <paramref name="failed"/>, or null when it is the only one.</summary>
    public string? Other(string failed)
    {
        for (var tries = 0; tries < destinations.Length; tries++)
        {
            var candidate = Next();
            if (!string.Equals(candidate, failed, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }
}
