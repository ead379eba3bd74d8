using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Services;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>
/// On every node, every <c>Paas:Supervision:Interval</c>: the services placed on this node are
/// started again if their container died or went missing (also after the node or the engine restarted).
/// The engine's restart policy is not used, so that a service is restarted by the platform as app instances are.
/// What the pass saw is the node's <c>paas.node.services</c> gauge, by kind and state.
/// </summary>
public sealed partial class ServiceKeeper : BackgroundService
{
    private readonly IGrainFactory _grains;
    private readonly ClusterNodes _nodes;
    private readonly ServiceContainers _containers;
    private readonly IOptions<PaasOptions> _options;
    private readonly ILogger<ServiceKeeper> _logger;
    private IReadOnlyList<(ServiceKind Kind, string State)> _seen = [];
    private readonly OneCheckPerService _checks = new();

    /// <summary>How long a pass waits for a service's grain to say whether its container here was left behind.</summary>
    private static readonly TimeSpan LeftBehindAnswer = TimeSpan.FromSeconds(5);

    public ServiceKeeper(IGrainFactory grains, ClusterNodes nodes, ServiceContainers containers, PaasMetrics metrics,
        IOptions<PaasOptions> options, ILogger<ServiceKeeper> logger)
    {
        (_grains, _nodes, _containers, _options, _logger) = (grains, nodes, containers, options, logger);
        metrics.Meter.CreateObservableGauge("paas.node.services", () => _seen
            .GroupBy(s => s)
            .Select(g => new Measurement<int>(g.Count(), new("kind", g.Key.Kind.Name()), new KeyValuePair<string, object?>("state", g.Key.State))),
            "{service}", "This node's backing services by kind and state (running, exited, missing), after the keeper's last pass");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.Supervision.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await KeepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task KeepAsync(CancellationToken stoppingToken)
    {
        try
        {
            var registered = await _grains.GetGrain<IServiceRegistryGrain>(0).ListAsync();
            var here = registered.Where(s => s.Node == _nodes.Local).ToList();
            await StopLeftBehindAsync(registered, stoppingToken);
            await _checks.RunAsync(here.Select(s => s.Name).ToList(), EnsureRunningAsync, _options.Value.Supervision.Interval, stoppingToken);
            var seen = new List<(ServiceKind, string)>();
            foreach (var service in here)
            {
                var status = await _containers.StatusAsync(service.Name, stoppingToken);
                // "exited (137)" counts as exited: the code is in services:info, not in a metric's labels.
                seen.Add((service.Kind, status.Split(' ')[0]));
            }

            _seen = seen;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The silo may still be starting, or storage away a moment: the next tick tries again.
            LogKeepFailed(_logger, ex.GetBaseException().Message);
        }
    }

    /// <summary>
    /// A service restored on another node (services:restore --node) while this one was lost may still run here, with
    /// its linked apps' containers here writing to data nobody reads any more: it is stopped, kept with its volume
    /// (the admin removes both), and this keeper never starts it again. Its grain decides, after any move or restore
    /// of it under way (a move's new container runs on the target before the record says so); a grain that does not
    /// answer soon is asked again at the next pass. A service the registry does not list is left alone.
    /// </summary>
    private async Task StopLeftBehindAsync(IReadOnlyList<ServiceEntry> registered, CancellationToken stoppingToken)
    {
        var elsewhere = registered.Where(s => s.Node != _nodes.Local).ToDictionary(s => s.Name, s => s.Node, StringComparer.Ordinal);
        foreach (var service in await _containers.RunningAsync(stoppingToken))
        {
            if (!elsewhere.ContainsKey(service))
            {
                continue;
            }

            try
            {
                if (await _grains.GetGrain<IServiceGrain>(service).IsPlacedElsewhereAsync(_nodes.Local).WaitAsync(LeftBehindAnswer, stoppingToken))
                {
                    LogStoppingLeftBehind(_logger, service, elsewhere[service]);
                    await _containers.StopAsync(service, stoppingToken);
                }
            }
            catch (TimeoutException)
            {
                // A move or restore of it is still going: the next pass asks again.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Its grain could not answer (its node just left): this node's own services are still checked this pass.
                LogLeftBehindUnknown(_logger, service, ex.GetBaseException().Message);
            }
        }
    }

    private async Task EnsureRunningAsync(string service)
    {
        try
        {
            await _grains.GetGrain<IServiceGrain>(service).EnsureRunningAsync();
        }
        catch (Exception ex)
        {
            LogEnsureFailed(_logger, service, ex.GetBaseException().Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check this node's services: {Reason}")]
    private static partial void LogKeepFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service} runs on node {Node} now: its old container here is stopped (kept with its volume; remove both when no longer wanted)")]
    private static partial void LogStoppingLeftBehind(ILogger logger, string service, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask whether service {Service}, running here, was placed elsewhere: {Reason}")]
    private static partial void LogLeftBehindUnknown(ILogger logger, string service, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check that service {Service} runs: {Reason}")]
    private static partial void LogEnsureFailed(ILogger logger, string service, string reason);
}
