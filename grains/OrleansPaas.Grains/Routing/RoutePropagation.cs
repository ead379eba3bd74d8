namespace OrleansPaas.Grains.Routing;

/// <summary>
/// How long the last committed route version took to reach every live gateway: from the commit
/// to the poll in which each gateway reports it applied. Only the newest version is followed; a
/// newer commit starts over.
/// </summary>
public sealed class RoutePropagation
{
    private readonly Dictionary<string, TimeSpan> _applied = new(StringComparer.Ordinal);
    private long _version;
    private DateTime _committedAt;

    public void Committed(long version, DateTime at)
    {
        _version = version;
        _committedAt = at;
        _applied.Clear();
    }

    /// <summary>
    /// Notes a gateway's report; once every gateway in <paramref name="waitingFor"/> has the
    /// version, returns the figures (once per version), else null.
    /// </summary>
    public RoutePropagationResult? Reported(string gateway, long appliedVersion, DateTime at, IReadOnlyCollection<string> waitingFor)
    {
        if (_version == 0 || appliedVersion < _version || _applied.ContainsKey(gateway) || !waitingFor.Contains(gateway))
        {
            return null;
        }

        _applied[gateway] = at - _committedAt;
        if (!waitingFor.All(_applied.ContainsKey))
        {
            return null;
        }

        var slowest = _applied.MaxBy(a => a.Value);
        var result = new RoutePropagationResult(_version, _applied.Count, _applied.Values.Min(), slowest.Value, slowest.Key);
        _version = 0;
        return result;
    }
}

/// <summary>A route version reached <paramref name="Gateways"/> gateways: the first after <paramref name="Fastest"/>, all after <paramref name="Slowest"/>.</summary>
public sealed record RoutePropagationResult(long Version, int Gateways, TimeSpan Fastest, TimeSpan Slowest, string SlowestGateway);
