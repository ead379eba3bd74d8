using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Grains.Apps;

/// <summary>The release ledger: instant rollback (no build) and keeping only the last releases' images.</summary>
public sealed partial class AppGrain
{
    public Task<AppCommandResult> RollbackAsync(int? version) => WithDeployedAppAsync(async () =>
    {
        var current = State.Current!;
        var target = version is { } wanted
            ? State.Releases.FirstOrDefault(r => r.Version == wanted)
            : State.Releases.Where(r => r.Version < current.Version && r.Status == ReleaseStatus.Deployed && !IsSameProgram(r.Version, current))
                .MaxBy(r => r.Version);
        if (target is null)
        {
            return AppCommandResult.Invalid("version", version is null
                ? $"{_name} has no earlier deployed release to roll back to"
                : $"{_name} has no release v{version}");
        }

        if (!await runtime.ImageExistsAsync(target.Image, CancellationToken.None))
        {
            return AppCommandResult.Invalid("version",
                $"the image of v{target.Version} was removed (only the last {Settings.Releases.Keep} releases keep theirs)");
        }

        // Heroku's rollback: the old code with the old config, as a new release on top of the ledger.
        State.Config = new Dictionary<string, string>(target.Config);
        var release = await AddReleaseLikeAsync(target, $"Rollback to v{target.Version}");
        return await RedeployAsync(release, "rollback", runReleasePhase: false);
    });

    /// <summary>Keeps the images of the last <c>Paas:Releases:Keep</c> releases (and the current one); removes the rest.</summary>
    private async Task PruneImagesAsync()
    {
        var keep = State.Releases
            .OrderByDescending(r => r.Version)
            .Take(Math.Max(1, Settings.Releases.Keep))
            .Select(r => r.Image)
            .Append(State.Current?.Image)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        await runtime.PruneAsync(_name, keep, CancellationToken.None);
    }
}
