using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Runtime.Events;

namespace OrleansPaas.Grains.Logs;

/// <summary>
/// Keeps the output of every app instance on this node, so <c>logs</c> still shows it after the
/// container is removed (a deploy, a restart, a scale-down): it follows each instance container
/// from its start (the node's one <see cref="DockerEventStream"/>, and a listing whenever that
/// stream opens) and appends its lines, with the engine's timestamps, to the app's
/// <see cref="AppOutputFile"/>. Whenever it follows a container again (a sleeping app's instance woken, a node restart, a reconnected event stream)
/// it resumes after that container's newest kept line, so nothing is lost or kept twice.
/// </summary>
public sealed partial class OutputKeeper(
    DockerEventStream stream,
    DockerClientProvider docker,
    KeptOutput kept,
    IOptions<PaasOptions> options,
    ILogger<OutputKeeper> logger) : BackgroundService
{
    // An app that writes without newlines must not grow one line without end (as ContainerLogs).
    private const int MaxLineLength = 8 * 1024;

    private readonly ConcurrentDictionary<string, Task> _following = new(StringComparer.Ordinal);

    // Subscribed when built, before the stream starts, so its first events are seen too.
    private readonly ChannelReader<ContainerEvent> _events = stream.Subscribe();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var containerEvent in _events.ReadAllAsync(stoppingToken))
            {
                if (containerEvent.Kind == ContainerEventKind.StreamOpened)
                {
                    await FollowRunningAsync(stoppingToken);
                }
                else if (containerEvent.Kind == ContainerEventKind.Started && containerEvent.IsInstance)
                {
                    Follow(containerEvent.ContainerId, containerEvent.Attributes, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(_following.Values);
        kept.CloseAll();
    }

    /// <summary>
    /// Follows the instances running now: those that started before the stream opened (the node
    /// restarted) or whose start the engine no longer holds for a replay (it restarted meanwhile).
    /// </summary>
    private async Task FollowRunningAsync(CancellationToken stoppingToken)
    {
        try
        {
            var running = await docker.Client.Containers.ListContainersAsync(new ContainersListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Node}={options.Value.NodeName}"] = true, [ContainerLabels.Index] = true },
                },
            }, stoppingToken);
            foreach (var container in running)
            {
                Follow(container.ID, new Dictionary<string, string>(container.Labels), stoppingToken);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The engine is away; the stream opens again when it is back, and this runs again then.
            LogListFailed(logger, ex.Message);
        }
    }

    private void Follow(string containerId, IReadOnlyDictionary<string, string> labels, CancellationToken stoppingToken)
    {
        if (!labels.TryGetValue(ContainerLabels.App, out var appLabel) || !AppName.TryParse(appLabel, out var app, out _)
            || !labels.TryGetValue(ContainerLabels.Process, out var process) || !labels.TryGetValue(ContainerLabels.Index, out var index))
        {
            return;
        }

        // The label reads "v3".
        var release = labels.TryGetValue(ContainerLabels.Release, out var r) && int.TryParse(r.TrimStart('v'), CultureInfo.InvariantCulture, out var v) ? v : 0;
        var instance = $"{process}.{index}";
        _following.GetOrAdd(containerId, id => Task.Run(async () =>
        {
            try
            {
                await KeepAsync(id, app, instance, release, stoppingToken);
            }
            finally
            {
                _following.TryRemove(id, out _);
            }
        }, CancellationToken.None));
    }

    private async Task KeepAsync(string containerId, AppName app, string instance, int release, CancellationToken stoppingToken)
    {
        var file = kept.For(app);
        var after = file.LastAtOf(containerId);
        try
        {
            using var stream = await docker.Client.Containers.GetContainerLogsAsync(containerId, tty: false, new ContainerLogsParameters
            {
                ShowStdout = true,
                ShowStderr = true,
                Follow = true,
                Timestamps = true,
                // Whole seconds: lines of that second already kept are skipped below by their exact time.
                Since = after == DateTimeOffset.MinValue ? null : after.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            }, stoppingToken);
            var pending = new Dictionary<bool, string> { [false] = "", [true] = "" };
            var batch = new List<KeptLine>();
            await foreach (var (isError, text) in MultiplexedLines.ReadAsync(stream, stoppingToken))
            {
                var lines = (pending[isError] + text).Split('\n');
                foreach (var raw in lines[..^1])
                {
                    if (Parse(raw.TrimEnd('\r'), instance, release, isError, containerId) is { } line && line.At > after)
                    {
                        batch.Add(line);
                    }
                }

                pending[isError] = lines[^1];
                if (pending[isError].Length > MaxLineLength + 64)
                {
                    // No newline in sight: keep what came as one (cut) line rather than hold it without end.
                    if (Parse(pending[isError], instance, release, isError, containerId) is { } cut && cut.At > after)
                    {
                        batch.Add(cut);
                    }

                    pending[isError] = "";
                }

                file.Append(batch);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (DockerContainerNotFoundException)
        {
            // Removed before its output could be read: what the engine had is gone with it.
        }
        catch (Exception ex)
        {
            LogKeepFailed(logger, instance, app.Value, ex.Message);
        }
    }

    /// <summary>A line as the engine sends it with timestamps: <c>2026-11-30T20:29:11.123456789Z text</c>.</summary>
    internal static KeptLine? Parse(string raw, string instance, int release, bool isError, string containerId)
    {
        var space = raw.IndexOf(' ');
        var stamp = space < 0 ? raw : raw[..space];
        if (!DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at))
        {
            return null;
        }

        var text = space < 0 ? "" : raw[(space + 1)..];
        return new KeptLine(at, instance, release, isError, KeptLine.ShortId(containerId),
            text.Length > MaxLineLength ? text[..MaxLineLength] + " …(line cut)" : text);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the running instances to keep their output ({Reason})")]
    private static partial void LogListFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped keeping the output of {Instance} of {App}: {Reason}")]
    private static partial void LogKeepFailed(ILogger logger, string instance, string app, string reason);
}
