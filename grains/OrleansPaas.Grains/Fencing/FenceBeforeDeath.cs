using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Fencing;

/// <summary>
/// Orleans ends a silo that learns it was declared dead through its fatal-error handler, at once;
/// the node's containers would keep running under the engine, unsupervised, while the survivors
/// start them again. This handler stops the node's non-web instances first (for at most the
/// partition bound), then lets Orleans' own handler end the silo.
/// </summary>
public sealed class FenceBeforeDeath(IFatalErrorHandler inner, WorkerFence fence, FenceHold hold, IOptions<PaasOptions> options) : IFatalErrorHandler
{
    private int _ending;

    public bool IsUnexpected(Exception exception) => inner.IsUnexpected(exception);

    /// <summary>
    /// Returns at once; the fence and then Orleans' handler run on a thread of their own. Orleans calls
    /// this on whichever thread read the news, which can be the sockets' own event thread (a membership
    /// read completing inline): waiting there for the engine's answer stalls every socket of the process,
    /// the engine's among them, so the fence could only ever end at its deadline (seen in CI: the
    /// woken node's worker kept running).
    /// </summary>
    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        if (Interlocked.Exchange(ref _ending, 1) == 1)
        {
            return; // the first report is already fencing and will end the silo
        }

        var reason = $"the silo is ending ({context})";
        hold.Hold(reason);
        // A foreground thread: the process cannot end before it has (Orleans marked the silo Dead before calling this,
        // so nothing else is served meanwhile); it ends the silo itself, after at most the partition bound.
        var ending = new Thread(() =>
        {
            FenceWithinTheBound(reason);
            inner.OnFatalException(sender, context, exception);
        })
        {
            Name = "paas-fence-before-death",
        };
        ending.Start();
    }

    private void FenceWithinTheBound(string reason)
    {
        try
        {
            using var deadline = new CancellationTokenSource(options.Value.Cluster.PartitionBound);
            fence.StopWorkersAsync(reason, deadline.Token).Wait(deadline.Token);
        }
        catch (Exception)
        {
            // Nothing more can be done for them; ending the silo matters more.
        }
    }
}
