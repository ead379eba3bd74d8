using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Logs;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Runtime.Events;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Runtime.Events;

/// <summary>
/// The node's one event stream against the real engine, reached through a relay the test can cut:
/// both of its consumers (the output keeper: starts; the exit watcher: deaths) are fed from it,
/// live and across a reconnect.
/// </summary>
public sealed class DockerEventStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // A node name of its own: the stream sees only this test's containers, whatever else runs.
    private readonly string _node = "evt-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "paas-events-" + Guid.NewGuid().ToString("N"));
    private readonly DockerClient _engine = PaasNode.Docker();
    private readonly List<string> _created = [];
    private readonly DockerSocketRelay _relay = new();

    public Task InitializeAsync() => PaasNode.EnsureBaseImageAsync();

    [Fact]
    public async Task Stream_StartsAndDeaths_ReachBothConsumers_LiveAndAcrossAReconnect()
    {
        var options = Options.Create(new PaasOptions { NodeName = _node, DockerEndpoint = _relay.Endpoint, DataDir = _dataDir });
        using var docker = new DockerClientProvider(options);
        var kept = new KeptOutput(options, new DataPaths(options.Value));
        var stream = new DockerEventStream(docker, options, NullLogger<DockerEventStream>.Instance);
        var (grains, reconciled) = RecordingGrainFactory.Create();
        var keeper = new OutputKeeper(stream, docker, kept, options, NullLogger<OutputKeeper>.Instance);
        var watcher = new InstanceExitWatcher(stream, grains, NullLogger<InstanceExitWatcher>.Instance);
        var seen = new ConcurrentQueue<ContainerEvent>();
        var recording = RecordAsync(stream.Subscribe(), seen);
        await keeper.StartAsync(CancellationToken.None);
        await watcher.StartAsync(CancellationToken.None);
        await stream.StartAsync(CancellationToken.None);
        try
        {
            // Live: a start reaches the keeper (it keeps the output), a death the watcher (it hints the app).
            var before = AppName.Parse("evt-before-" + _node[4..]);
            var first = await RunAsync(before, "echo hello-before; sleep 300");
            await UntilKeptAsync(kept, before, "hello-before");
            await _engine.Containers.KillContainerAsync(first, new ContainerKillParameters());
            await Poll.UntilAsync(() => Task.FromResult(reconciled.Contains(before.Value)), Deadline, "the watcher hinted the app whose instance died");

            // Broken: the stream fails and retries while an instance starts, writes and dies.
            _relay.Cut();
            await Poll.UntilAsync(() => Task.FromResult(_relay.Refused > 0), Deadline, "the stream tried to reconnect");
            var during = AppName.Parse("evt-during-" + _node[4..]);
            var second = await RunAsync(during, "echo hello-during");
            await Poll.UntilAsync(async () => !(await _engine.Containers.InspectContainerAsync(second)).State.Running, Deadline, "the instance ended");

            // Resumed: both events of the gap arrive (the instance ended, so no listing can stand in for its start).
            _relay.Restore();
            await UntilKeptAsync(kept, during, "hello-during");
            await Poll.UntilAsync(() => Task.FromResult(reconciled.Contains(during.Value)), Deadline, "the watcher hinted the app whose instance died while the stream was broken");

            Assert.Equal(1, kept.For(before).Tail(100).Count(l => l.Text == "hello-before"));
            Assert.Equal(1, kept.For(during).Tail(100).Count(l => l.Text == "hello-during"));
            // Each event once, in order, although the reconnect replays from the last one seen.
            Assert.Equal(
                [(ContainerEventKind.Started, first), (ContainerEventKind.Died, first), (ContainerEventKind.Started, second), (ContainerEventKind.Died, second)],
                seen.Where(e => e.Kind != ContainerEventKind.StreamOpened).Select(e => (e.Kind, e.ContainerId)).ToList());
            Assert.True(seen.Count(e => e.Kind == ContainerEventKind.StreamOpened) >= 2, "the stream opened again after the cut");
            Assert.Equal("137", seen.First(e => e.Kind == ContainerEventKind.Died).Attributes["exitCode"]);
        }
        finally
        {
            await stream.StopAsync(CancellationToken.None);
            await watcher.StopAsync(CancellationToken.None);
            await keeper.StopAsync(CancellationToken.None);
            await recording;
        }
    }

    private static async Task RecordAsync(System.Threading.Channels.ChannelReader<ContainerEvent> events, ConcurrentQueue<ContainerEvent> seen)
    {
        await foreach (var containerEvent in events.ReadAllAsync())
        {
            seen.Enqueue(containerEvent);
        }
    }

    private static Task UntilKeptAsync(KeptOutput kept, AppName app, string text) =>
        Poll.UntilAsync(() => Task.FromResult(kept.For(app).Tail(100).Any(l => l.Text == text)), Deadline, $"{app.Value}'s output was kept");

    /// <summary>An instance of the app on this test's node, as a node would label it.</summary>
    private async Task<string> RunAsync(AppName app, string script)
    {
        var created = await _engine.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = PaasNode.BaseImage,
            Cmd = ["sh", "-c", script],
            Labels = new Dictionary<string, string>
            {
                [ContainerLabels.App] = app.Value,
                [ContainerLabels.Process] = "web",
                [ContainerLabels.Release] = "v1",
                [ContainerLabels.Node] = _node,
                [ContainerLabels.Index] = "1",
            },
        });
        _created.Add(created.ID);
        await _engine.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    public async Task DisposeAsync()
    {
        foreach (var id in _created)
        {
            try
            {
                await _engine.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }

        _engine.Dispose();
        await _relay.DisposeAsync();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
