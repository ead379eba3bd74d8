using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// A <c>ps:scale</c> request: counts for some process types. It is checked against the release
/// that runs before anything changes, then laid over the formation the app has (types it does not
/// name keep their counts).
/// </summary>
public sealed class FormationChange(IReadOnlyDictionary<string, int> counts)
{
    public const int MostInstances = 100;

    /// <summary>The first type the release does not have or count out of range, as the API reports it; null when every count can be run.</summary>
    public AppCommandResult? Refusal(AppName app, ReleaseRecord? current)
    {
        // Before the first deploy only web is known: it is what every app runs.
        var known = current?.ScalableTypes.ToList() ?? [Rollout.WebProcess];
        foreach (var (process, count) in counts)
        {
            if (!known.Contains(process))
            {
                return AppCommandResult.Invalid(process,
                    $"unknown process type '{process}'; {app} has: {(known.Count == 0 ? "none" : string.Join(", ", known))}");
            }

            if (count is < 0 or > MostInstances)
            {
                return AppCommandResult.Invalid(process, $"scale for '{process}' must be between 0 and {MostInstances}, not {count}");
            }
        }

        return null;
    }

    /// <summary>The formation after the change: <paramref name="formation"/> with the requested counts in place.</summary>
    public Dictionary<string, int> AppliedTo(IReadOnlyDictionary<string, int> formation)
    {
        var wanted = new Dictionary<string, int>(formation, StringComparer.Ordinal);
        foreach (var (process, count) in counts)
        {
            wanted[process] = count;
        }

        return wanted;
    }

    /// <summary>The description of the release a scale makes, e.g. <c>Scale web=2 worker=1</c>.</summary>
    public string Description => "Scale " + string.Join(" ", counts.Select(kv => $"{kv.Key}={kv.Value}"));
}
