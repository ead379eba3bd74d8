using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Gateway.Terminal;
using OrleansPaas.NodeServices.Cluster;
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
        if (!follow)
        {
            var tails = await Task.WhenAll(live.Select(node => TailAsync(node, app, tail)));
            foreach (var line in Newest(tails.SelectMany(t => t.Lines), tail))
            {
                yield return line;
            }

            foreach (var (node, _, problem) in tails.Where(t => t.Problem is not null))
            {
                yield return new LogLine("paas", true, $"logs from node {node}: {problem}");
            }

            yield break;
        }

        var settings = options.Value.Logs;
        var merged = new FollowerBuffer<LogLine>(settings.FollowerBufferLines, settings.SlowReaderTimeout,
            dropped => LogReaderDropped(logger, dropped.Capacity));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Each node hands over its tail and its live lines in one stream, so none falls between them.
        var followers = live.Select(node => new NodeFollow(node)).ToList();
        var pumps = followers.Select(f => PumpAsync(f, app, tail, merged, stop.Token)).ToList();
        _ = Task.WhenAll(pumps).ContinueWith(_ => merged.Complete(), TaskScheduler.Default);
        try
        {
            var tails = await Task.WhenAll(followers.Select(f => f.Tail.Task)).WaitAsync(cancellationToken);
            foreach (var line in Newest(tails.SelectMany(t => t), tail))
            {
                yield return line;
            }

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
    /// <summary>One line of <c>paas logs</c>' text, which goes to a terminal: the app's escape sequences are made visible.</summary>
    public static string Format(LogLine line) => TerminalText.Neutralise(
        line.Release > 0 ? $"{line.Source} v{line.Release} | {line.Text}" : $"{line.Source} | {line.Text}");

    /// <summary>The newest lines of all nodes together, in time order.</summary>
    private static IEnumerable<LogLine> Newest(IEnumerable<LogLine> lines, int count) => lines.OrderBy(l => l.At).TakeLast(count);

    private async Task<(string Node, IReadOnlyList<LogLine> Lines, string? Problem)> TailAsync(string node, AppName app, int lines)
    {
        try
        {
            return (node, await grains.Node(node).ReadKeptTailAsync(app.Value, lines), null);
        }
        catch (Exception ex)
        {
            // One node not answering leaves out its lines, not everyone's.
            return (node, [], ex.GetBaseException().Message);
        }
    }

    private async Task PumpAsync(NodeFollow follow, AppName app, int tail, FollowerBuffer<LogLine> output, CancellationToken cancellationToken)
    {
        var kept = new List<LogLine>();
        try
        {
            await foreach (var line in grains.Node(follow.Node).FollowKeptAsync(app.Value, tail, cancellationToken).WithCancellation(cancellationToken))
            {
                if (!follow.Tail.Task.IsCompleted)
                {
                    if (line.TailEnd)
                    {
                        follow.Tail.TrySetResult(kept);
                    }
                    else
                    {
                        kept.Add(line);
                    }

                    continue;
                }

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
            await output.WriteAsync(new LogLine("paas", true, $"logs from node {follow.Node} ended: {ex.GetBaseException().Message}"), CancellationToken.None);
        }
        finally
        {
            // A node that failed before its tail was over gives what it gave.
            follow.Tail.TrySetResult(kept);
        }
    }

    /// <summary>One node's part of a follow: its tail arrives first, as a whole.</summary>
    private sealed record NodeFollow(string Node)
    {
        public TaskCompletionSource<IReadOnlyList<LogLine>> Tail { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a logs reader that fell behind by more than {Lines} lines at the control port")]
    private static partial void LogReaderDropped(ILogger logger, int lines);
}
