using System.Collections.Concurrent;
using System.Net;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// A bounded client loop against one host on the node's gateway (loopback only): a few
/// concurrent clients, stopping by themselves after a request count or a duration.
/// </summary>
public sealed class LoadLoop : IDisposable
{
    public static readonly TimeSpan SlowAfter = TimeSpan.FromMilliseconds(300);

    private readonly CancellationTokenSource _stop;
    private readonly Task[] _clients;
    private readonly ConcurrentDictionary<string, int> _bodies = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<long> _durations = new();
    private readonly ConcurrentQueue<string> _slow = new();
    private long _total;
    private long _slowestTicks;

    /// <summary>The longest any one request took so far, answered or not.</summary>
    public TimeSpan Slowest => TimeSpan.FromTicks(Interlocked.Read(ref _slowestTicks));

    /// <summary>Requests that took longer than <see cref="SlowAfter"/>: when each began and how long it took, to be read against the node's log.</summary>
    public IReadOnlyList<string> SlowRequests => [.. _slow];

    /// <summary>The time within which <paramref name="percent"/> % of the requests so far were done (nearest rank).</summary>
    public TimeSpan Percentile(double percent)
    {
        var sorted = _durations.Order().ToArray();
        return sorted.Length == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)]);
    }

    public LoadLoop(PaasNode node, string host, int clients, int maxRequests, TimeSpan maxDuration)
    {
        _stop = new CancellationTokenSource(maxDuration);
        _clients = Enumerable.Range(0, clients).Select(_ => Task.Run(() => RunAsync(node, host, maxRequests))).ToArray();
    }

    public async Task WaitForRequestsAsync(int count)
    {
        var target = Interlocked.Read(ref _total) + count;
        await Poll.UntilAsync(() => Task.FromResult(Interlocked.Read(ref _total) >= target), TimeSpan.FromSeconds(30), $"{count} more requests");
    }

    public Task WaitForBodyAsync(string body) =>
        Poll.UntilAsync(async () =>
        {
            _bodies.TryRemove("__probe__", out _);
            await WaitForRequestsAsync(5);
            return _lastBody == body;
        }, TimeSpan.FromSeconds(30), $"the answer '{body.Trim()}'");

    private volatile string? _lastBody;

    public async Task<(long Total, IReadOnlyList<string> Failed, IReadOnlyDictionary<string, int> Bodies)> StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_clients);
        return (Interlocked.Read(ref _total), _failures.ToList(), new Dictionary<string, int>(_bodies));
    }

    private async Task RunAsync(PaasNode node, string host, int maxRequests)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        while (!_stop.IsCancellationRequested && Interlocked.Read(ref _total) < maxRequests)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{node.GatewayPort}/");
            request.Headers.Host = host;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var startedAt = DateTime.UtcNow;
            try
            {
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    _bodies.AddOrUpdate(body, 1, (_, n) => n + 1);
                    _lastBody = body;
                }
                else
                {
                    _failures.Enqueue($"{(int)response.StatusCode}: {body.Trim()} at {DateTime.UtcNow:HH:mm:ss.fff}");
                }
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                // When: a failure is read against the node's log.
                _failures.Enqueue($"{ex.GetBaseException().Message} at {DateTime.UtcNow:HH:mm:ss.fff}");
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                break;
            }

            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks;
            _durations.Enqueue(took);
            if (took > SlowAfter.Ticks)
            {
                _slow.Enqueue($"{TimeSpan.FromTicks(took).TotalMilliseconds:0} ms from {startedAt:HH:mm:ss.fff}");
            }

            for (var slowest = Interlocked.Read(ref _slowestTicks); took > slowest; slowest = Interlocked.Read(ref _slowestTicks))
            {
                Interlocked.CompareExchange(ref _slowestTicks, took, slowest);
            }

            Interlocked.Increment(ref _total);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
