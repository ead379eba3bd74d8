using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// What a deploy runs to completion besides its instances: Heroku's release phase and app.json's
/// <c>predeploy</c> (before the new instances start; a failure aborts the deploy) and <c>postdeploy</c>
/// (once the release serves; a failure is reported). Each is a one-off container of the release,
/// made by <paramref name="request"/> (the rollout's one way to turn a command into what a node runs),
/// its output in the push's log.
/// </summary>
public sealed class DeployScripts(IGrainFactory grains, ClusterNodes nodes, BuildLog log, ImageSpread images,
    Func<ReleaseRecord, InstanceSlot, string, InstanceRequest> request)
{
    /// <summary>Heroku's release phase: the <c>release</c> process runs to completion first; a non-zero exit aborts the deploy.</summary>
    public async Task<bool> RunReleasePhaseAsync(ReleaseRecord release, string node)
    {
        var command = release.ProcessTypes[ReleaseRecord.ReleasePhase];
        log.Step($"Running release command: {command}");
        var exit = await RunToCompletionAsync(request(release, new InstanceSlot(ReleaseRecord.ReleasePhase, 0), release.ProcessTypes[ReleaseRecord.ReleasePhase]), node, "Release command");
        if (exit == 0)
        {
            return true;
        }

        if (exit is not null)
        {
            log.Error($"Release command failed (exit code {exit}); the deploy was aborted");
        }

        return false;
    }

    /// <summary>
    /// app.json's <c>postdeploy</c>, once the new release serves: on a node that runs it (or any
    /// live one). A failure is reported, and the release stays (it already serves, as in Dokku).
    /// </summary>
    public async Task<bool> RunPostdeployAsync(ReleaseRecord release, IReadOnlyList<InstanceInfo> serving)
    {
        if (release.AppJson?.Postdeploy is not { } postdeploy)
        {
            return true;
        }

        var live = nodes.Live();
        var node = serving.Select(i => i.Node).FirstOrDefault(live.Contains) ?? live.FirstOrDefault();
        if (node is null || await images.EnsureImageAsync(release.Image, [node], live) is not null)
        {
            log.Error("The postdeploy command could not run: no node of the cluster is available");
            return false;
        }

        return await RunScriptAsync(release, node, PostdeployScript, postdeploy);
    }

    public const string PredeployScript = "predeploy";
    public const string PostdeployScript = "postdeploy";

    /// <summary>An app.json deploy script as a one-off container of the release, output in the push's log; true when it exited 0.</summary>
    public async Task<bool> RunScriptAsync(ReleaseRecord release, string node, string script, string command)
    {
        log.Step($"Running {script} command: {command}");
        var exit = await RunToCompletionAsync(request(release, new InstanceSlot(script, 0), command), node, $"The {script} command");
        if (exit == 0)
        {
            return true;
        }

        if (exit is not null)
        {
            log.Error(script == PredeployScript
                ? $"The predeploy command failed (exit code {exit}); the deploy was aborted"
                : $"The postdeploy command failed (exit code {exit}); v{release.Version} was deployed and serves");
        }

        return false;
    }

    /// <summary>Runs <paramref name="request"/> to completion on <paramref name="node"/>, its lines in the log; its exit code, or null when the node went away (reported).</summary>
    private async Task<long?> RunToCompletionAsync(InstanceRequest request, string node, string what)
    {
        long? exit = null;
        try
        {
            await foreach (var item in grains.Node(node).RunToCompletionAsync(request))
            {
                if (item.Line is { } line)
                {
                    log.Detail(line);
                }

                exit = item.ExitCode ?? exit;
            }
        }
        catch (Exception ex)
        {
            // The node went away mid-run: the deploy fails like a failing command would.
            log.Error($"{what} did not complete on {node}: {ex.GetBaseException().Message}");
            return null;
        }

        return exit ?? -1;
    }
}
