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
    public bool IsUnexpected(Exception exception) => inner.IsUnexpected(exception);

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        try
        {
            // The silo ends right after: blocking this thread is all that is left to do. On the
            // thread pool, since Orleans may call this from a thread the awaits would come back to.
            var reason = $"the silo is ending ({context})";
            hold.Hold(reason);
            using var deadline = new CancellationTokenSource(options.Value.Cluster.PartitionBound);
            Task.Run(() => fence.StopWorkersAsync(reason, deadline.Token), deadline.Token).Wait(deadline.Token);
        }
        catch (Exception)
        {
            // Nothing more can be done for them; ending the silo matters more.
        }

        inner.OnFatalException(sender, context, exception);
    }
}
