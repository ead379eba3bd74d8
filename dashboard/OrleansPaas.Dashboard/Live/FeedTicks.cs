using OrleansPaas.Gateway.Routing;

namespace OrleansPaas.Dashboard.Live;

/// <summary>
/// When a feed looks again: at once when the route table changes (a deploy switched, an app slept or
/// woke, so a page shows it without waiting), otherwise once per interval for everything else.
/// </summary>
public sealed class FeedTicks(RouteSnapshotStore routes, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>False once the reader is gone (the page was closed).</summary>
    public async Task<bool> TryWaitAsync(CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(Task.Delay(Interval, time, wait.Token), routes.Changed.WaitAsync(wait.Token));
        await wait.CancelAsync();
        return !cancellationToken.IsCancellationRequested;
    }
}
