using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Releases;

namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// Keeps the current and the previous release's images on two live nodes as nodes come and go:
/// each pass checks them against <see cref="ImageCopies"/> (no engine call when nothing changed)
/// and copies one held by a single live node to a second. When no live node holds the current
/// release's image, it says so: the app grain then queues a rebuild of that release's commit.
/// </summary>
public sealed partial class ImageKeeper(ILogger logger)
{
    private readonly ImageCopies _copies = new();

    /// <summary>Something drifted (an image removed behind the platform's back may be why): the nodes are asked again.</summary>
    public void Forget() => _copies.Forget();

    /// <summary>Copies what <see cref="ImageCopies"/> cannot vouch for; true when the current release's image is on no live node.</summary>
    public async Task<bool> KeepAsync(ReleaseRecord? current, IReadOnlyList<ReleaseRecord> releases, IReadOnlyList<string> live, Func<Rollout> newRollout)
    {
        var needed = Needed(current, releases);
        _copies.KeepOnly(needed);
        var lost = false;
        foreach (var image in needed.Where(i => _copies.NeedsLook(i, live)))
        {
            var rollout = newRollout();
            var look = await rollout.Images.LookAsync(image, live);
            if (look.Arriving.Count > 0)
            {
                // A copy is landing (a deploy's, or a re-placement's): counting without it would start a
                // third; the next pass looks again, once it has landed or failed.
                continue;
            }

            var decision = ImageCopies.Decide(look.Holders, live);
            if (look.AllAnswered)
            {
                _copies.Saw(image, look.Holders, live);
            }

            if (decision == ImageCopyDecision.Copy)
            {
                if (await rollout.Images.CopyToAnotherAsync(image, look.Holders, live) is { } node)
                {
                    _copies.Copied(image, node);
                    LogImageCopied(logger, image, node);
                }
            }
            else if (decision == ImageCopyDecision.Rebuild && look.AllAnswered && image == current?.Image)
            {
                lost = true;
            }
        }

        return lost;
    }

    /// <summary>The current release's image, then the one a rollback would go back to, if another.</summary>
    private static IReadOnlyList<string> Needed(ReleaseRecord? current, IReadOnlyList<ReleaseRecord> releases) => current is null
        ? []
        : new[] { current.Image, RollbackTarget.Choose(releases, current, null)?.Image }.OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied image {Image} to node {Node}: it was on only one live node")]
    private static partial void LogImageCopied(ILogger logger, string image, string node);
}
