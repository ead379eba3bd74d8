namespace OrleansPaas.Gateway.Sleep;

/// <summary>
/// One app's traffic through this gateway: requests forwarded and requests still open (a WebSocket
/// or a streaming response stays open for its whole life). Two interlocked counters, no lock, no
/// allocation per request; the activity reporter reads them every second. Kept across route
/// snapshots, so a route change never loses a count.
/// </summary>
public sealed class AppActivity
{
    private long _requests;
    private int _open;

    public long Requests => Volatile.Read(ref _requests);

    public int Open => Volatile.Read(ref _open);

    public void Begin()
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _open);
    }

    public void End() => Interlocked.Decrement(ref _open);
}
