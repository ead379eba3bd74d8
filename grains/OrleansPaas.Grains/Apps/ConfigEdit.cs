using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// A <c>config:set</c> / <c>config:unset</c> request: every key is checked before anything changes,
/// then the change is laid over the app's config, and it names the release that carries it.
/// </summary>
public sealed class ConfigEdit(ConfigChange change)
{
    /// <summary>The first key that cannot be an environment variable (or is the platform's own PORT), as the API reports it; null when all can be stored.</summary>
    public AppCommandResult? Refusal()
    {
        foreach (var key in change.Set.Keys.Concat(change.Unset))
        {
            if (EnvironmentKey.Validate(key) is { } error)
            {
                return AppCommandResult.Invalid(key, error);
            }
        }

        return change.Set.ContainsKey("PORT")
            ? AppCommandResult.Invalid("PORT", "PORT is set by the platform; use EXPOSE in the Dockerfile to choose it")
            : null;
    }

    /// <summary>A new config: <paramref name="config"/> with the set keys in place and the unset ones gone.</summary>
    public Dictionary<string, string> AppliedTo(IReadOnlyDictionary<string, string> config)
    {
        var changed = new Dictionary<string, string>(config, StringComparer.Ordinal);
        foreach (var (key, value) in change.Set)
        {
            changed[key] = value;
        }

        foreach (var key in change.Unset)
        {
            changed.Remove(key);
        }

        return changed;
    }

    /// <summary>The description of the release the change makes, e.g. <c>Set A, B config vars; Unset C config var</c>.</summary>
    public string Description
    {
        get
        {
            var parts = new List<string>();
            if (change.Set.Count > 0)
            {
                parts.Add($"Set {string.Join(", ", change.Set.Keys)} config var{(change.Set.Count > 1 ? "s" : "")}");
            }

            if (change.Unset.Count > 0)
            {
                parts.Add($"Unset {string.Join(", ", change.Unset)} config var{(change.Unset.Count > 1 ? "s" : "")}");
            }

            return parts.Count == 0 ? "Restart with the same config" : string.Join("; ", parts);
        }
    }
}
