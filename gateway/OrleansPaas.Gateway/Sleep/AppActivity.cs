namespace OrleansPaas.Gateway.Sleep;

/// <summary>
/// One app's traffic through this gateway: requests forwarded, requests still open (a WebSocket
/// or a streaming response stays open for its whole life), answers by status class and by how
/// long they took (fixed buckets, for the dashboard's p50/p95). Interlocked counters, no lock, no
/// allocation per request; the activity reporter reads them every second. Kept across route
/// snapshots, so a route change never loses a count.
/// </summary>
public sealed class AppActivity
{
    private long _requests;
    private int _open;
    /// <summary>Upper bounds (ms) of the latency buckets; one more bucket holds everything slower.</summary>
    public static readonly double[] LatencyBoundsMs = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    // Answers by status class: 1xx … 5xx.
    private readonly long[] _byClass = new long[5];
    private readonly long[] _byLatency = new long[LatencyBoundsMs.Length + 1];
    private long _requestBytes;
    private long _responseBytes;

    public long Requests => Volatile.Read(ref _requests);

    public int Open => Volatile.Read(ref _open);

    public void Begin()
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _open);
    }

    /// <summary>The request ended with <paramref name="status"/> after <paramref name="took"/>.</summary>
    public void End(int status, TimeSpan took)
    {
        Interlocked.Decrement(ref _open);
        Interlocked.Increment(ref _byClass[Math.Clamp(status / 100, 1, 5) - 1]);
        Interlocked.Increment(ref _byLatency[LatencyBucket(took.TotalMilliseconds)]);
    }

    /// <summary>
    /// Body bytes with a declared length (Content-Length) in and out. A streamed body without one
    /// is not counted: counting its bytes as they pass would need a wrapper around every request's
    /// body, an allocation on the request path.
    /// </summary>
    public void AddBytes(long? requestBytes, long? responseBytes)
    {
        if (requestBytes is > 0)
        {
            Interlocked.Add(ref _requestBytes, requestBytes.Value);
        }

        if (responseBytes is > 0)
        {
            Interlocked.Add(ref _responseBytes, responseBytes.Value);
        }
    }

    public long RequestBytes => Volatile.Read(ref _requestBytes);

    public long ResponseBytes => Volatile.Read(ref _responseBytes);

    /// <summary>Answers so far whose time fell in bucket <paramref name="bucket"/> (see <see cref="LatencyBoundsMs"/>).</summary>
    public long AnsweredWithin(int bucket) => Volatile.Read(ref _byLatency[bucket]);

    private static int LatencyBucket(double milliseconds)
    {
        var bounds = LatencyBoundsMs;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (milliseconds <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Length;
    }

    /// <summary>Answers of status class <paramref name="hundreds"/> (2 for 2xx) so far.</summary>
    public long Answered(int hundreds) => Volatile.Read(ref _byClass[hundreds - 1]);
}
