namespace OrleansPaas.Grains.Fencing;

/// <summary>
/// Whether this node has fenced its non-web instances and still has no contact with the cluster.
/// While it holds, the node starts no non-web instance, whoever asks: an app grain still active
/// here would otherwise see its fenced worker as exited and start it again, and the worker would
/// run beside the survivors' copy. Never set on a single node (nothing fences there).
/// </summary>
public sealed class FenceHold
{
    private volatile string? _reason;

    /// <summary>Why non-web starts are refused; null when they are not.</summary>
    public string? Reason => _reason;

    public void Hold(string reason) => _reason = reason;

    public void Release() => _reason = null;
}
