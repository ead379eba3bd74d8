using System.Runtime.CompilerServices;
using System.Threading.Channels;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Nodes;
using OrleansPaas.Nodes;

namespace OrleansPaas.Gateway.Api;

/// <summary>An app's output from every node that runs one of its instances, merged into one stream.</summary>
public sealed class ClusterLogs(IGrainFactory grains, ClusterNodes nodes)
{
    public async IAsyncEnumerable<LogLine> ReadAsync(IReadOnlyList<InstanceInfo> instances, int tail, bool follow,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var merged = Channel.CreateUnbounded<LogLine>();
        var readers = instances
            .GroupBy(i => string.IsNullOrEmpty(i.Node) ? nodes.Local : i.Node)
            .Where(g => nodes.IsLive(g.Key))
            .Select(g => PumpAsync(g.Key, g.ToList(), tail, follow, merged.Writer, cancellationToken))
            .ToList();
        _ = Task.WhenAll(readers).ContinueWith(_ => merged.Writer.TryComplete(), TaskScheduler.Default);
        await foreach (var line in merged.Reader.ReadAllAsync(cancellationToken))
        {
            yield return line;
        }
    }

    private async Task PumpAsync(string node, IReadOnlyList<InstanceInfo> instances, int tail, bool follow,
        ChannelWriter<LogLine> output, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in grains.GetGrain<INodeGrain>(node).ReadLogsAsync(instances, tail, follow).WithCancellation(cancellationToken))
            {
                await output.WriteAsync(line, cancellationToken);
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
}
