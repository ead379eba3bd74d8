using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Runtime.Events;
using OrleansPaas.Supervision;

namespace OrleansPaas.Grains.Supervision;

/// <summary>
/// Hints an app's grain the moment one of its instances on this node dies (crash, OOM kill,
/// <c>docker kill</c>), so it reconciles at once: the instance leaves the routes and is restarted.
/// The deaths come from the node's one <see cref="DockerEventStream"/>; the reconciler's periodic
/// pass corrects anything missed all the same.
/// </summary>
public sealed partial class InstanceExitWatcher(
    DockerEventStream stream,
    IGrainFactory grains,
    ILogger<InstanceExitWatcher> logger) : BackgroundService
{
    // Subscribed when built, before the stream starts, so its first events are seen too.
    private readonly ChannelReader<ContainerEvent> _events = stream.Subscribe();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One hint in flight per app, so an app busy with a long command holds up no other app's
        // hints; deaths that arrive meanwhile ask for exactly one more reconciliation after it.
        var hints = new Dictionary<string, ReconcileHint>(StringComparer.Ordinal);
        try
        {
            await foreach (var died in _events.ReadAllAsync(stoppingToken))
            {
                // Only instances are supervised (one-off, build and release containers are not).
                if (died.Kind != ContainerEventKind.Died || !died.IsInstance)
                {
                    continue;
                }

                var app = died.Attributes[ContainerLabels.App];
                LogInstanceDied(logger, app, ContainerIds.Short(died.ContainerId), died.ExitCode);
                if (!hints.TryGetValue(app, out var hint))
                {
                    hints[app] = hint = new ReconcileHint();
                }

                if (hint.Request(new InstanceDeath(died.ContainerId, died.ExitCode)))
                {
                    _ = HintAsync(app, hint, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HintAsync(string app, ReconcileHint hint, CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await grains.GetGrain<IAppGrain>(app).InstancesDiedAsync(hint.TakeDied());
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDispatchFailed(logger, ex, app);
            }
        }
        while (hint.Again());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {Container} of {App} died with code {ExitCode}; reconciling")]
    private static partial void LogInstanceDied(ILogger logger, string app, string container, long exitCode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not report an instance exit to {App}")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string app);
}
