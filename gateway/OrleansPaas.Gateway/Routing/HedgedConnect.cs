using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Polly;
using Polly.Hedging;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// Opens the gateway's connections to instances, with one more attempt when a connect has no answer
/// after <see cref="HedgeAfter"/>. An app's listen backlog is often small (busybox httpd: 9, Python's
/// http.server: 5), and a burst of new connections overflows it: the requests a wake holds and
/// releases together, or a new instance's first load. The kernel then drops the connects it cannot
/// queue, and the gateway's side sends them again only after Linux's initial retransmission timeout,
/// one whole second. A new attempt a moment later finds the queue drained. The first attempt to
/// connect is used, the others are closed. An instance answers a connect within a millisecond on this
/// node's bridge or a LAN, so a normal connect never starts a second attempt.
/// </summary>
public static class HedgedConnect
{
    /// <summary>Long enough that a healthy connect has answered; short against the kernel's second.</summary>
    public static readonly TimeSpan HedgeAfter = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Attempts after the first, each waiting twice as long as the one before (50, 100, 200, 400 ms:
    /// started 50, 150, 350 and 750 ms after the first), so that a queue drained at any moment before
    /// the kernel's own retry at one second is found by an attempt; then the kernel's retries go on alone.
    /// </summary>
    public const int MoreAttempts = 4;

    private static readonly ResiliencePipeline<Stream> Attempts = new ResiliencePipelineBuilder<Stream>()
        .AddHedging(new HedgingStrategyOptions<Stream>
        {
            // Polly counts the attempts already started: 1 before the first hedge.
            DelayGenerator = static arguments => ValueTask.FromResult(HedgeAfter * (1 << Math.Max(0, arguments.AttemptNumber - 1))),
            MaxHedgedAttempts = MoreAttempts,
            // Only waiting starts another attempt: a refused connect is an answer, given back at once
            // (the forwarder then tries another instance).
            ShouldHandle = static _ => PredicateResult.False(),
        })
        .Build();

    /// <summary>The handler's <see cref="SocketsHttpHandler.ConnectCallback"/>.</summary>
    public static ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        ConnectAsync(context.DnsEndPoint, cancellationToken);

    public static ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken cancellationToken) =>
        Attempts.ExecuteAsync(static (target, token) => OpenAsync(target, token), endpoint, cancellationToken);

    // What the handler does without a callback: one TCP connection, Nagle off, the stream owns the socket.
    private static async ValueTask<Stream> OpenAsync(DnsEndPoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
