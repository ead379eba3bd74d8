using System.Threading.Channels;
using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Runtime;

/// <summary>
/// Follows this node's Docker events and hints an app's grain the moment one of its instances
/// dies (crash, OOM kill, <c>docker kill</c>), so it reconciles at once: the instance leaves the
/// routes and is restarted. After a broken stream it resumes from the last event seen, and the
/// reconciler's periodic pass corrects anything missed all the same.
/// </summary>
public sealed partial class ContainerEventsWatcher(
    DockerClientProvider docker,
    IGrainFactory grains,
    IOptions<PaasOptions> options,
    ILogger<ContainerEventsWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var exits = Channel.CreateUnbounded<(string App, string ContainerId, long ExitCode)>();
        var dispatch = DispatchAsync(exits.Reader, stoppingToken);
        var relay = new Relay(exits.Writer);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await docker.Client.System.MonitorEventsAsync(new ContainerEventsParameters
                {
                    // Resume where the last stream ended, so a reconnect does not lose the exits in between.
                    Since = relay.Since.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Filters = new Dictionary<string, IDictionary<string, bool>>
                    {
                        ["type"] = new Dictionary<string, bool> { ["container"] = true },
                        ["event"] = new Dictionary<string, bool> { ["die"] = true },
                        ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Node}={options.Value.NodeName}"] = true },
                    },
                }, relay, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogStreamFailed(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        exits.Writer.TryComplete();
        await dispatch;
    }

    private async Task DispatchAsync(ChannelReader<(string App, string ContainerId, long ExitCode)> exits, CancellationToken stoppingToken)
    {
        // One hint in flight per app, so an app busy with a long command holds up no other app's
        // hints; exits that arrive meanwhile ask for exactly one more reconciliation after it.
        var hints = new Dictionary<string, AppHint>(StringComparer.Ordinal);
        await foreach (var (app, containerId, exitCode) in exits.ReadAllAsync(CancellationToken.None))
        {
            LogInstanceDied(logger, app, ContainerIds.Short(containerId), exitCode);
            if (!hints.TryGetValue(app, out var hint))
            {
                hints[app] = hint = new AppHint();
            }

            if (hint.Request())
            {
                _ = HintAsync(app, hint, stoppingToken);
            }
        }
    }

    private async Task HintAsync(string app, AppHint hint, CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await grains.GetGrain<IAppGrain>(app).ReconcileAsync();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDispatchFailed(logger, ex, app);
            }
        }
        while (hint.Again());
    }

    /// <summary>Whether a reconciliation of one app is running, and whether another was asked for meanwhile.</summary>
    private sealed class AppHint
    {
        private readonly object _gate = new();
        private bool _running;
        private bool _again;

        /// <summary>True when the caller must start the hint loop; false when one runs (it will go once more).</summary>
        public bool Request()
        {
            lock (_gate)
            {
                if (_running)
                {
                    _again = true;
                    return false;
                }

                _running = true;
                return true;
            }
        }

        /// <summary>Called when a reconciliation ended: true to run one more.</summary>
        public bool Again()
        {
            lock (_gate)
            {
                _running = _again;
                _again = false;
                return _running;
            }
        }
    }

    /// <summary>Keeps only app instances' exits (one-off, build and release containers are not supervised).</summary>
    private sealed class Relay(ChannelWriter<(string, string, long)> exits) : IProgress<Message>
    {
        /// <summary>Unix time of the last event seen (the start, before any): where a new stream resumes.</summary>
        public long Since { get; private set; } = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        public void Report(Message value)
        {
            // Message.Time is the engine's Unix time in seconds.
            Since = Math.Max(Since, value.Time);

            var attributes = value.Actor?.Attributes;
            if (attributes is null || !attributes.ContainsKey(ContainerLabels.Index) || !attributes.TryGetValue(ContainerLabels.App, out var app))
            {
                return;
            }

            var exitCode = attributes.TryGetValue("exitCode", out var code) && long.TryParse(code, out var parsed) ? parsed : -1;
            exits.TryWrite((app, value.Actor!.ID, exitCode));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {Container} of {App} died with code {ExitCode}; reconciling")]
    private static partial void LogInstanceDied(ILogger logger, string app, string container, long exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker event stream broke ({Reason}); reconnecting")]
    private static partial void LogStreamFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not report an instance exit to {App}")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string app);
}
