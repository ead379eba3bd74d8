using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Nodes;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// The build stage of a job: Receive → Build on the node that received the push (its lines
/// streamed into the job's log), or, for a prebuilt image, the node that holds it. Either ends in
/// the <see cref="BuiltImage"/> to release, or null with the reason in the log.
/// </summary>
public sealed class BuildPipeline(AppName app, IGrainFactory grains, ClusterNodes nodes, BuildRecords records)
{
    /// <summary>Builds <paramref name="source"/> with the app's <paramref name="config"/>; throws when abandoned.</summary>
    public async Task<BuiltImage?> BuildAsync(BuildLog log, BuildSource source, IReadOnlyDictionary<string, string> config, CancellationToken abandoned)
    {
        var buildNode = string.IsNullOrEmpty(source.Node) ? nodes.Local : source.Node;
        var request = new NodeBuildRequest(app.Value, log.BuildId, source, new Dictionary<string, string>(config));
        NodeBuildResult? built = null;
        using (var building = PaasTracing.StartStep("build")?.SetTag("node", buildNode))
        {
            await foreach (var item in grains.Node(buildNode).BuildAsync(request, abandoned))
            {
                if (item.Line is { } line)
                {
                    log.Write(line);
                }

                built = item.Build ?? built;
            }

            building?.SetTag("builder", built?.Kind.ToString().ToLowerInvariant()).SetTag("result", built is { Succeeded: true } ? "succeeded" : "failed");
        }

        // The node stops an abandoned build and answers with a failure; the job ends as abandoned.
        abandoned.ThrowIfCancellationRequested();
        if (built is not { Succeeded: true })
        {
            records.NoteBuiltWith(log.BuildId, "", buildNode);
            log.Error($"Build failed: {built?.Error ?? "the build ended without a result"}");
            return null;
        }

        records.NoteBuiltWith(log.BuildId, BuildRecords.BuilderOf(built.Kind), buildNode);
        return new BuiltImage(buildNode, built.Image!, RemoveSource: true, source.Commit, $"Deploy {source.ShortCommit}",
            built.ProcessTypes, built.Kind, built.Checks, RunReleasePhase: true, built.AppJson);
    }

    /// <summary>A prebuilt image, found on a node (this one first): its EXPOSE sets PORT, its CMD runs as web.</summary>
    public async Task<BuiltImage?> FindImageAsync(BuildLog log, string image)
    {
        log.Step($"Deploying image {image} to {app}");
        string? holder = null;
        foreach (var node in nodes.Live().OrderBy(n => n == nodes.Local ? 0 : 1))
        {
            if (await grains.Node(node).HasImageAsync(image))
            {
                holder = node;
                break;
            }
        }

        records.NoteBuiltWith(log.BuildId, "image", holder ?? nodes.Local);
        if (holder is null)
        {
            log.Error($"image '{image}' is on no node of the cluster; load it first (docker pull / docker load)");
            return null;
        }

        return new BuiltImage(holder, image, RemoveSource: false, "", $"Deploy image {image}",
            new Dictionary<string, string> { [Rollout.WebProcess] = "" }, ReleaseKind.Image, [], RunReleasePhase: false);
    }
}
