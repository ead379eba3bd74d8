namespace OrleansPaas.Gateway.Sleep;

/// <summary>
/// One app's traffic through this gateway: requests forwarded, requests still open (a WebSocket
/// or a streaming response stays open for its whole life) and answers by status class. Interlocked counters, no lock, no
/// allocation per request; the activity reporter reads them every second. Kept across route
/// snapshots, so a route change never loses a count.
/// </summary>
public sealed class AppActivity
{
    private long _requests;
    private int _open;
    // Answers by status class: 1xx … 5xx.
    private readonly long[] _byClass = new long[5];

    public long Requests => Volatile.Read(ref _requests);

    public int Open => Volatile.Read(ref _open);

    public void Begin()
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _open);
    }

    /// <summary>The request ended with <paramref name="status"/>.</summary>
    public void End(int status)
    {
        Interlocked.Decrement(ref _open);
        Interlocked.Increment(ref _byClass[Math.Clamp(status / 100, 1, 5) - 1]);
    }

    /// <summary>Answers of status class <paramref name="hundreds"/> (2 for 2xx) so far.</summary>
    public long Answered(int hundreds) => Volatile.Read(ref _byClass[hundreds - 1]);
}
