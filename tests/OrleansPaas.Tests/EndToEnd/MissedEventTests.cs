using System.Diagnostics;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// The README's promise that a Docker event the node missed is corrected by the next periodic pass
/// ("so within 10 s"), with the real interval: the node's engine is behind a relay that refuses
/// only the event stream, so a container removed behind the platform's back sends the node nothing.
/// </summary>
public sealed class MissedEventTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly DockerSocketRelay _relay = new();
    private PaasNode _node = null!;

    public Task InitializeAsync()
    {
        // The interval is the default, named here so the bounds below say what they depend on.
        _node = new PaasNode(settings: [$"--Paas:DockerEndpoint={_relay.Endpoint}", $"--Paas:Supervision:Interval={Interval:c}"]);
        return _node.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _relay.DisposeAsync();
    }

    [Fact]
    public async Task ContainerRemovedWhileTheEventStreamIsDown_TheNextPassStartsAnother_WithinTheInterval()
    {
        var app = NodeFixture.NewAppName("missed");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "still here");
        var push = await source.PushAsync(_node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        var original = Assert.Single(await _node.ContainersAsync(app));

        _relay.RefuseEvents();
        // The node's stream comes back for more and is refused: from here on it hears nothing.
        await Poll.UntilAsync(() => Task.FromResult(_relay.EventsRefused > 0), TimeSpan.FromSeconds(30), "the node's event stream to be refused");
        using (var docker = PaasNode.Docker())
        {
            await docker.Containers.RemoveContainerAsync(original.ID, new Docker.DotNet.Models.ContainerRemoveParameters { Force = true });
        }

        var removed = Stopwatch.StartNew();
        await Poll.UntilAsync(async () => (await _node.ContainersAsync(app)).Any(c => c.ID != original.ID),
            Interval + TimeSpan.FromSeconds(15), "another container for the app, started by the periodic pass");
        var replaced = removed.Elapsed;
        await _node.WaitForContentAsync($"{app}.{PaasNode.Domain}", "still here");
        var answering = removed.Elapsed;

        output.WriteLine($"missed event: another container {replaced.TotalSeconds:F1}s after the removal, answering after {answering.TotalSeconds:F1}s (interval {Interval.TotalSeconds:F0}s)");
        // One pass, then one container start and the route to it (slack for a loaded machine).
        Assert.True(answering < Interval + TimeSpan.FromSeconds(20), $"answering again took {answering.TotalSeconds:F1}s");
    }
}
