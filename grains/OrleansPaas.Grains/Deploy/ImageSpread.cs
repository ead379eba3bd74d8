using OrleansPaas.Grains.Build;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// A release image's whereabouts across the nodes for one rollout: which live nodes hold it (or are
/// receiving it), sending it where instances will start, and a second copy so that losing the node
/// that built it loses nothing. Every copy it makes is a line in the rollout's log.
/// </summary>
public sealed class ImageSpread(IGrainFactory grains, ClusterNodes nodes, BuildLog log)
{
    // A look at a node's images is one engine call: an answer later than this is a node that does not answer.
    private static readonly TimeSpan LookTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The release's image on at least two live nodes (when there are two) before the release runs:
    /// the node that built it can die with its disk, and the survivors must then start the app
    /// without it. A node that cannot take the copy is passed over for the next one.
    /// </summary>
    public async Task<string?> KeepTwoCopiesAsync(string image, IReadOnlyList<string> live)
    {
        if (live.Count < 2)
        {
            return null;
        }

        var look = await LookAsync(image, live);
        if (look.Holders.Count + look.Arriving.Count >= 2)
        {
            // A copy already on its way counts: a second one beside it would be a third.
            return null;
        }

        if (look.Holders.Count == 0)
        {
            // Nothing to copy from (the nodes did not answer): the instances' own pulls report what is wrong.
            return null;
        }

        return await CopyToAnotherAsync(image, look.Holders, live) is null
            ? $"no second node could take a copy of {image}, and one copy would be lost with its node"
            : null;
    }

    /// <summary>
    /// Copies <paramref name="image"/> from one of <paramref name="holders"/> to the first live node
    /// without it that takes it; returns that node, or null when none could.
    /// </summary>
    public async Task<string?> CopyToAnotherAsync(string image, IReadOnlyList<string> holders, IReadOnlyList<string> live)
    {
        foreach (var spare in live.Where(n => !holders.Contains(n)))
        {
            log.Detail($"Keeping a second copy of {image} on {spare}");
            try
            {
                if (await grains.Node(spare).EnsureImageAsync(image, live) is null)
                {
                    return spare;
                }
            }
            catch (Exception)
            {
                // Not reachable: the next spare node takes the copy.
            }
        }

        return null;
    }

    /// <summary>Whether any live node holds <paramref name="image"/> (a rollback's target may have been pruned everywhere).</summary>
    public async Task<bool> AnyNodeHoldsAsync(string image) => (await LookAsync(image, nodes.Live())).Holders.Count > 0;

    /// <summary>Asks every node at once whether it holds the image; a node that cannot answer does not count as a holder.</summary>
    public async Task<ImageLook> LookAsync(string image, IReadOnlyList<string> live)
    {
        var answers = await Task.WhenAll(live.Select(async node => (Node: node, Presence: await PresenceAsync(node, image))));
        return new ImageLook(
            answers.Where(a => a.Presence == ImagePresence.Present).Select(a => a.Node).ToList(),
            answers.Where(a => a.Presence == ImagePresence.Arriving).Select(a => a.Node).ToList(),
            answers.All(a => a.Presence is not null));
    }

    private async Task<ImagePresence?> PresenceAsync(string node, string image)
    {
        try
        {
            // Bounded: asked of every live node on every deploy, so one frozen but not yet declared dead must not hold them.
            return await grains.Node(node).GetImagePresenceAsync(image).WaitAsync(LookTimeout);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Sends <paramref name="image"/> to every one of <paramref name="targets"/> that lacks it; the first problem ends it.</summary>
    public async Task<string?> EnsureImageAsync(string image, IReadOnlyList<string> targets, IReadOnlyList<string> live)
    {
        foreach (var node in targets)
        {
            try
            {
                if (!await grains.Node(node).HasImageAsync(image).WaitAsync(LookTimeout))
                {
                    log.Detail($"Sending {image} to {node}");
                }

                if (await grains.Node(node).EnsureImageAsync(image, live) is { } problem)
                {
                    log.Error($"Deploy failed: {problem}");
                    return problem;
                }
            }
            catch (Exception ex)
            {
                var problem = $"node {node} is not reachable: {ex.GetBaseException().Message}";
                log.Error($"Deploy failed: {problem}");
                return problem;
            }
        }

        return null;
    }
}
