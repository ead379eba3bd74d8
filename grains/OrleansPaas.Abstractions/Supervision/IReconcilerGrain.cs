namespace OrleansPaas.Supervision;

/// <summary>
/// The cluster's one reconciler (key 0): on a timer, and at once on a hint, it asks every app to
/// compare its desired instances with what the nodes report. Events are hints; the passes are
/// the guarantee.
/// </summary>
[Alias("paas.IReconcilerGrain")]
public interface IReconcilerGrain : IGrainWithIntegerKey
{
    /// <summary>Starts the periodic passes if they are not running (every node calls this regularly, so the reconciler survives the loss of its silo).</summary>
    [Alias("Keep")]
    Task KeepAsync();

    /// <summary>Asks for a pass now (a node joined or left, a silo started); hints that arrive during a pass coalesce into one more pass.</summary>
    [Alias("Hint")]
    Task HintAsync();

    /// <summary>Runs a whole pass and returns when it has ended: one that starts after this call, not one already under way.</summary>
    [Alias("Pass")]
    Task PassAsync();

    /// <summary>
    /// Nodes' runs (<c>ClusterNodes.LiveRuns</c>) that left the cluster, as one node saw them go. Every
    /// node tells it; each run that left is acted on once: the cron of every app with jobs is woken.
    /// Returns at once.
    /// </summary>
    [Alias("NodesLeft")]
    Task NodesLeftAsync(IReadOnlyList<string> runs);
}
