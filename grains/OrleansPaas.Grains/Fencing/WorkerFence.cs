using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Fencing;

/// <summary>
/// Stops (not removes) this node's running non-web instances: a node cut off from the cluster, or
/// declared dead, must not keep a worker running that the survivors start again elsewhere. Web
/// instances keep serving their last routes. Once the node is back, the reconciler decides what runs:
/// a stopped container is an exited instance (restarted) or a stray (removed).
/// </summary>
public sealed partial class WorkerFence(IInstanceContainers containers, IOptions<PaasOptions> options, ILogger<WorkerFence> logger)
{
    /// <summary>Returns how many instances were stopped.</summary>
    public async Task<int> StopWorkersAsync(string reason, CancellationToken cancellationToken)
    {
        var workers = (await containers.ListNodeInstancesAsync(null, cancellationToken))
            .Where(i => i.Running && i.Instance.Process != Rollout.WebProcess)
            .ToList();
        if (workers.Count == 0)
        {
            return 0;
        }

        var grace = new FenceTiming(options.Value.Cluster.PartitionBound).Grace(options.Value.Deploy.StopTimeout);
        LogFencing(logger, workers.Count, string.Join(", ", workers.Select(w => $"{w.App} {w.Instance.Name}")), reason);
        await Task.WhenAll(workers.Select(w => containers.StopKeepingAsync(w.Instance.ContainerId, grace, cancellationToken)));
        return workers.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fencing: stopping {Count} non-web instance(s) of this node ({Instances}): {Reason}")]
    private static partial void LogFencing(ILogger logger, int count, string instances, string reason);
}
