using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Fencing;

/// <summary>
/// Orleans ends a silo that learns it was declared dead through its fatal-error handler, at once;
/// the node's containers would keep running under the engine, unsupervised, while the survivors
/// start them again. This handler stops the node's non-web instances first (for at most the
/// partition bound), then lets Orleans' own handler end the silo.
/// </summary>
public sealed class FenceBeforeDeath(IFatalErrorHandler inner, WorkerFence fence, IOptions<PaasOptions> options) : IFatalErrorHandler
{
    public bool IsUnexpected(Exception exception) => inner.IsUnexpected(exception);

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null)
    {
        try
        {
            // The silo ends right after: blocking this thread is all that is left to do.
            using var deadline = new CancellationTokenSource(options.Value.Cluster.PartitionBound);
            fence.StopWorkersAsync($"the silo is ending ({context})", deadline.Token).Wait(deadline.Token);
        }
        catch (Exception)
        {
            // Nothing more can be done for them; ending the silo matters more.
        }

        inner.OnFatalException(sender, context, exception);
    }
}
