using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using OrleansPaas.Apps;
using OrleansPaas.Dashboard.Parts;
using OrleansPaas.Gateway.Api;

namespace OrleansPaas.Dashboard.Live;

/// <summary>
/// One app page's feed: its state and history parts when they change (events <c>state</c>,
/// <c>history</c>), the traffic seconds not yet sent (<c>traffic</c>), each new memory sample of
/// its instances in MiB (<c>memory</c>), and the app's log lines after a <c>reset</c>
/// (<c>log</c>): the last ones kept, then every new one, a deploy's new instances included (the
/// nodes keep each app's output, <see cref="ClusterLogs"/>). <c>gone</c> when the app is destroyed.
/// </summary>
public sealed class AppFeed(DashboardData data, FragmentRenderer renderer, FeedTicks ticks, TrafficSampler traffic, ClusterLogs logs)
{
    /// <summary>Lines of the app's past output shown when the page opens.</summary>
    public const int TailLines = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async IAsyncEnumerable<SseItem<string>> ReadAsync(string app, string antiforgery, bool canChange, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded: a page that stops reading holds back the log readers, which drop it (ClusterLogs).
        var events = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(1000) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(app, antiforgery, canChange, events.Writer, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var item in events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
    }

    private async Task ProduceAsync(string app, string antiforgery, bool canChange, ChannelWriter<SseItem<string>> events, CancellationToken cancellationToken)
    {
        Task? logLines = null;
        var logsStartedAt = DateTimeOffset.MinValue;
        try
        {
            string? lastState = null, lastHistory = null;
            var trafficSentUntil = DateTimeOffset.MinValue;
            var memorySampledAt = DateTimeOffset.MinValue;
            var tick = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var model = await data.AppAsync(app, settings: false);
                if (model is null)
                {
                    await events.WriteAsync(new SseItem<string>($"'{app}' does not exist (any more).", "gone"), cancellationToken);
                    return;
                }

                var state = await renderer.RenderAsync<AppState>(new Dictionary<string, object?> { ["Model"] = model });
                if (state != lastState)
                {
                    lastState = state;
                    await events.WriteAsync(new SseItem<string>(state, "state"), cancellationToken);
                }

                var history = await renderer.RenderAsync<AppHistory>(new Dictionary<string, object?> { ["Model"] = model, ["Antiforgery"] = antiforgery, ["CanChange"] = canChange });
                if (history != lastHistory)
                {
                    lastHistory = history;
                    await events.WriteAsync(new SseItem<string>(history, "history"), cancellationToken);
                }

                var fresh = traffic.Series(model.Name).Where(p => p.At > trafficSentUntil).ToList();
                if (fresh.Count > 0)
                {
                    trafficSentUntil = fresh[^1].At;
                    await events.WriteAsync(new SseItem<string>(JsonSerializer.Serialize(fresh, Json), "traffic"), cancellationToken);
                }

                // The nodes sample memory every 10 s: asking every 5th tick is enough to catch each sample.
                if (tick++ % 5 == 0 && await data.MemoryAsync(model.Name) is var memory && memory.At > memorySampledAt)
                {
                    memorySampledAt = memory.At;
                    var figures = new { at = memory.At, instances = memory.Instances.ToDictionary(i => i.Instance, i => Math.Round(i.Bytes / 1048576.0, 1)) };
                    await events.WriteAsync(new SseItem<string>(JsonSerializer.Serialize(figures, Json), "memory"), cancellationToken);
                }

                // Following again after a follow ended (a node restarted, the reader was dropped), at most
                // every few seconds; the page first drops what it shows, since the tail comes again.
                if ((logLines is null || logLines.IsCompleted) && DateTimeOffset.UtcNow - logsStartedAt > TimeSpan.FromSeconds(5))
                {
                    logsStartedAt = DateTimeOffset.UtcNow;
                    await events.WriteAsync(new SseItem<string>("reset", "reset"), cancellationToken);
                    logLines = FollowAsync(model.Info.Name, events, cancellationToken);
                }

                if (!await ticks.TryWaitAsync(cancellationToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
        }
        finally
        {
            events.TryComplete();
            if (logLines is not null)
            {
                await logLines;
            }
        }
    }

    private async Task FollowAsync(string app, ChannelWriter<SseItem<string>> events, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in logs.ReadAsync(AppName.Parse(app), TailLines, follow: true, cancellationToken))
            {
                var json = JsonSerializer.Serialize(new LogEvent(line.Source, line.Release, line.IsError, line.Text), Json);
                await events.WriteAsync(new SseItem<string>(json, "log"), cancellationToken);
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    private sealed record LogEvent(string Source, int Release, bool Error, string Text);
}
