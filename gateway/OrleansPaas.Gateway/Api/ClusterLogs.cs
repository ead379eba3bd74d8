using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Configuration;
using OrleansPaas.Grains.Nodes;
using OrleansPaas.Grains.Runtime;
using OrleansPaas.Nodes;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// An app's output from every node, merged into one stream: each node keeps the lines of the
/// instances it ran (of every release, also of removed containers), so the tail is the newest
/// lines across the nodes in time order, and a follow takes each node's new lines as they come,
/// a deploy's new instances included. The merge is bounded like each node's
/// (<see cref="FollowerBuffer{T}"/>): a client that stops reading is dropped, and its nodes' streams end with it.
/// </summary>
public sealed partial class ClusterLogs(IGrainFactory grains, ClusterNodes nodes, IOptions<PaasOptions> options, ILogger<ClusterLogs> logger)
{
    public async IAsyncEnumerable<LogLine> ReadAsync(AppName app, int tail, bool follow,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var live = nodes.Live();
        var tails = await Task.WhenAll(live.Select(node => TailAsync(node, app, tail)));
        foreach (var line in tails.SelectMany(t => t.Tail.Lines).OrderBy(l => l.At).TakeLast(tail))
        {
            yield return line;
        }

        foreach (var failed in tails.Where(t => t.Problem is not null))
        {
            yield return new LogLine("paas", true, $"logs from node {failed.Node}: {failed.Problem}");
        }

        if (!follow)
        {
            yield break;
        }

        var settings = options.Value.Logs;
        var merged = new FollowerBuffer<LogLine>(settings.FollowerBufferLines, settings.SlowReaderTimeout,
            dropped => LogReaderDropped(logger, dropped.Capacity));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Each node continues right after the last line it gave for the tail, so none is lost or repeated.
        var readers = tails.Where(t => t.Problem is null)
            .Select(t => PumpAsync(t.Node, app, t.Tail.Until, merged, stop.Token))
            .ToList();
        _ = Task.WhenAll(readers).ContinueWith(_ => merged.Complete(), TaskScheduler.Default);
        try
        {
            await foreach (var line in merged.ReadAllAsync(cancellationToken))
            {
                yield return line;
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        if (merged.Dropped)
        {
            yield return new LogLine("paas", true, merged.DroppedNote("at the control port"));
        }
    }

    /// <summary>How a line is shown by <c>logs</c>: instance and release, then the text.</summary>
    public static string Format(LogLine line) =>
        line.Release > 0 ? $"{line.Source} v{line.Release} | {line.Text}" : $"{line.Source} | {line.Text}";

    private async Task<(string Node, KeptTail Tail, string? Problem)> TailAsync(string node, AppName app, int lines)
    {
        try
        {
            return (node, await grains.GetGrain<INodeGrain>(node).ReadKeptTailAsync(app.Value, lines), null);
        }
        catch (Exception ex)
        {
            // One node not answering leaves out its lines, not everyone's.
            return (node, new KeptTail([], DateTimeOffset.MinValue), ex.GetBaseException().Message);
        }
    }

    private async Task PumpAsync(string node, AppName app, DateTimeOffset after, FollowerBuffer<LogLine> output, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in grains.GetGrain<INodeGrain>(node).FollowKeptAsync(app.Value, after, cancellationToken).WithCancellation(cancellationToken))
            {
                if (!await output.WriteAsync(line, cancellationToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            // One node going away ends its part of the stream, not the others'.
            await output.WriteAsync(new LogLine("paas", true, $"logs from node {node} ended: {ex.GetBaseException().Message}"), CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a logs reader that fell behind by more than {Lines} lines at the control port")]
    private static partial void LogReaderDropped(ILogger logger, int lines);
}
