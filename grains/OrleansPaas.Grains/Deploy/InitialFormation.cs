using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// app.json's <c>formation</c> sets how many of each process type run on an app's first deploy
/// only; from then on <c>ps:scale</c> decides (as in Dokku), so a later push never undoes a scale.
/// </summary>
public static class InitialFormation
{
    /// <summary>The formation to deploy at, or a sentence naming a type the build does not have.</summary>
    public static (IReadOnlyDictionary<string, int> Formation, string? Problem) For(bool firstDeploy, IReadOnlyDictionary<string, int> current,
        AppJsonSettings? appJson, IReadOnlyDictionary<string, string> processTypes)
    {
        if (!firstDeploy || appJson is not { Formation.Count: > 0 })
        {
            return (current, null);
        }

        // A build without a Procfile runs its image's command as web.
        var known = processTypes.Keys.Where(t => t != ReleaseRecord.ReleasePhase).DefaultIfEmpty(Rollout.WebProcess).ToList();
        var wanted = new Dictionary<string, int>(current, StringComparer.Ordinal);
        foreach (var (process, count) in appJson.Formation)
        {
            if (!known.Contains(process))
            {
                return (current, $"app.json: formation names process type '{process}', which the Procfile does not declare (it has: {string.Join(", ", known)})");
            }

            wanted[process] = count;
        }

        return (wanted, null);
    }
}
