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
/// An app's output from every node that runs one of its instances, merged into one stream. The
/// merge is bounded like each node's (<see cref="FollowerBuffer{T}"/>): a client that stops
/// reading is dropped, and its nodes' streams end with it.
/// </summary>
public sealed partial class ClusterLogs(IGrainFactory grains, ClusterNodes nodes, IOptions<PaasOptions> options, ILogger<ClusterLogs> logger)
{
    public async IAsyncEnumerable<LogLine> ReadAsync(IReadOnlyList<InstanceInfo> instances, int tail, bool follow,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value.Logs;
        var merged = new FollowerBuffer<LogLine>(settings.FollowerBufferLines, settings.SlowReaderTimeout,
            dropped => LogReaderDropped(logger, dropped.Capacity));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = instances
            .GroupBy(i => string.IsNullOrEmpty(i.Node) ? nodes.Local : i.Node)
            .Where(g => nodes.IsLive(g.Key))
            .Select(g => PumpAsync(g.Key, g.ToList(), tail, follow, merged, stop.Token))
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

    private async Task PumpAsync(string node, IReadOnlyList<InstanceInfo> instances, int tail, bool follow,
        FollowerBuffer<LogLine> output, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in grains.GetGrain<INodeGrain>(node).ReadLogsAsync(instances, tail, follow).WithCancellation(cancellationToken))
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
