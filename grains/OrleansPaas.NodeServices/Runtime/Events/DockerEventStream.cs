using System.Diagnostics;
using System.Threading.Channels;
using Docker.DotNet.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Resilience;
using Polly;

namespace OrleansPaas.NodeServices.Runtime.Events;

/// <summary>
/// The node's one stream of Docker events: the starts and deaths of this node's platform
/// containers (labelled <c>paas.app</c> and this node's <c>paas.node</c>), handed to every
/// subscriber in the engine's order. A broken stream reconnects (at once after a stream that
/// served a while, with back-off while the engine does not answer) and resumes after the last
/// event seen, so a reconnect loses no event the engine still holds.
/// </summary>
public sealed partial class DockerEventStream(
    DockerClientProvider docker,
    IOptions<PaasOptions> options,
    ILogger<DockerEventStream> logger) : BackgroundService
{
    // A stream that ends sooner counts as a failed connection and is retried with back-off.
    private static readonly TimeSpan ServedLongEnough = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<ChannelWriter<ContainerEvent>> _subscribers = [];

    /// <summary>
    /// The events from now on, until the node stops. Subscribe before the stream starts (in a
    /// constructor) to see its first events too.
    /// </summary>
    public ChannelReader<ContainerEvent> Subscribe()
    {
        // Unbounded: a subscriber that is slow a moment must lose nothing, and events are few and small.
        var channel = Channel.CreateUnbounded<ContainerEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        lock (_gate)
        {
            _subscribers.Add(channel.Writer);
        }

        return channel.Reader;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var position = new EventStreamPosition(DateTimeOffset.UtcNow);
        var reconnecting = Reconnecting();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await reconnecting.ExecuteAsync(token => ReadAsync(position, token), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.ForEach(s => s.TryComplete());
            }
        }
    }

    /// <summary>One stream, from the position on, until it breaks.</summary>
    private async ValueTask ReadAsync(EventStreamPosition position, CancellationToken cancellationToken)
    {
        Publish(ContainerEvent.StreamOpened);
        var opened = Stopwatch.GetTimestamp();
        Exception? broke = null;
        try
        {
            await docker.Client.System.MonitorEventsAsync(new ContainerEventsParameters
            {
                Since = position.Since,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["type"] = new Dictionary<string, bool> { ["container"] = true },
                    ["event"] = new Dictionary<string, bool> { ["start"] = true, ["die"] = true },
                    // Several nodes may share one engine: only this node's containers.
                    ["label"] = new Dictionary<string, bool> { [ContainerLabels.App] = true, [$"{ContainerLabels.Node}={options.Value.NodeName}"] = true },
                },
            }, new SynchronousProgress<Message>(message =>
            {
                if (position.Advance(message) && ToEvent(message) is { } containerEvent)
                {
                    Publish(containerEvent);
                }
            }), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            broke = ex;
        }

        if (Stopwatch.GetElapsedTime(opened) < ServedLongEnough)
        {
            throw broke ?? new EndOfStreamException("the engine ended the event stream");
        }

        if (broke is not null)
        {
            LogStreamBroke(logger, broke.Message);
        }
    }

    private static ContainerEvent? ToEvent(Message message)
    {
        var kind = message.Action switch
        {
            "start" => ContainerEventKind.Started,
            "die" => ContainerEventKind.Died,
            _ => (ContainerEventKind?)null,
        };
        return kind is null || message.Actor?.ID is not { } id
            ? null
            : new ContainerEvent(kind.Value, id, message.Actor.Attributes is { } attributes ? new Dictionary<string, string>(attributes) : []);
    }

    private void Publish(ContainerEvent containerEvent)
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.TryWrite(containerEvent);
            }
        }
    }

    /// <summary>Retries a stream that would not open (the engine restarting, gone) for as long as the node runs.</summary>
    private ResiliencePipeline Reconnecting() =>
        RetryForever.CreateForEngine((exception, _, delay) => LogStreamFailed(logger, exception.Message, delay));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker event stream broke ({Reason}); reconnecting")]
    private static partial void LogStreamBroke(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker event stream failed ({Reason}); reconnecting in {Delay}")]
    private static partial void LogStreamFailed(ILogger logger, string reason, TimeSpan delay);
}
