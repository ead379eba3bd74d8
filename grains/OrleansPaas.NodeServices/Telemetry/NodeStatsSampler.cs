using System.Diagnostics.Metrics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.NodeServices.Telemetry;

/// <summary>
/// Per-node figures for <c>/metrics</c>: this node's platform containers (running, stopped) and the
/// memory each running instance uses, as <c>docker stats</c> counts it (usage less reclaimable file
/// cache). Sampled every 10 s in the background, so a scrape never waits for the engine.
/// </summary>
public sealed partial class NodeStatsSampler : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly IInstanceContainers _runtime;
    private readonly DockerClientProvider _docker;
    private readonly ILogger<NodeStatsSampler> _logger;
    private volatile Sample _last = new(0, 0, [], DateTimeOffset.MinValue);

    public NodeStatsSampler(IInstanceContainers runtime, DockerClientProvider docker, PaasMetrics metrics, ILogger<NodeStatsSampler> logger)
    {
        _runtime = runtime;
        _docker = docker;
        _logger = logger;
        metrics.Meter.CreateObservableGauge("paas.node.containers", () => new[]
        {
            new Measurement<int>(_last.Running, new KeyValuePair<string, object?>("state", "running")),
            new Measurement<int>(_last.Stopped, new KeyValuePair<string, object?>("state", "stopped")),
        }, "{container}", "This node's app containers (stopped ones are crashed or a sleeping app's)");
        metrics.Meter.CreateObservableGauge("paas.app.container.memory", () => _last.Memory.Select(m =>
            new Measurement<long>(m.Bytes, new KeyValuePair<string, object?>("app", m.App), new KeyValuePair<string, object?>("instance", m.Instance))),
            "By", "Memory of each running instance on this node");
    }

    /// <summary>The last sample's memory of each of the app's running instances on this node (the dashboard's memory chart).</summary>
    public OrleansPaas.Nodes.AppMemory MemoryOf(string app)
    {
        var last = _last;
        return new OrleansPaas.Nodes.AppMemory(last.At,
            last.Memory.Where(m => m.App == app).Select(m => new OrleansPaas.Nodes.InstanceMemory(m.Instance, m.Bytes)).ToList());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                _last = await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The engine may be restarting; the last sample stands until the next one.
                LogSampleFailed(_logger, ex.GetBaseException().Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result));
    }

    private async Task<Sample> SampleAsync(CancellationToken cancellationToken)
    {
        var instances = await _runtime.ListNodeInstancesAsync(null, cancellationToken);
        var memory = new System.Collections.Concurrent.ConcurrentBag<(string App, string Instance, long Bytes)>();
        // A few at a time, each with a time limit: a container that is stopping can keep its stats
        // call waiting, and must not hold up every other instance's figure.
        await Parallel.ForEachAsync(instances.Where(i => i.Running), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (instance, ct) =>
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(TimeSpan.FromSeconds(5));
                try
                {
                    if (await MemoryOfAsync(instance.Instance.ContainerId, limit.Token) is { } bytes)
                    {
                        memory.Add((instance.App, instance.Instance.Name, bytes));
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // Too slow this time; the next sample tries again.
                }
            });

        return new Sample(instances.Count(i => i.Running), instances.Count(i => !i.Running), memory.ToList(), DateTimeOffset.UtcNow);
    }

    /// <summary>One reading without the engine's second sample (one-shot): usage less inactive file cache, as docker stats shows.</summary>
    private async Task<long?> MemoryOfAsync(string containerId, CancellationToken cancellationToken)
    {
        ContainerStatsResponse? stats = null;
        try
        {
            await _docker.Client.Containers.GetContainerStatsAsync(containerId, new ContainerStatsParameters { Stream = false, OneShot = true },
                new SynchronousProgress<ContainerStatsResponse>(s => stats = s), cancellationToken);
        }
        catch (Exception ex) when (ex is DockerApiException or HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // Gone or stopping between the list and this call (deploys come and go): skipped, the
            // others are still counted.
            return null;
        }

        if (stats?.MemoryStats is not { } memory)
        {
            return null;
        }

        var cache = memory.Stats is { } detail
            ? detail.TryGetValue("inactive_file", out var inactive) ? inactive : detail.TryGetValue("total_inactive_file", out var total) ? total : 0
            : 0;
        return (long)(memory.Usage > cache ? memory.Usage - cache : memory.Usage);
    }

    private sealed record Sample(int Running, int Stopped, IReadOnlyList<(string App, string Instance, long Bytes)> Memory, DateTimeOffset At);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Node figures not sampled: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string reason);
}
