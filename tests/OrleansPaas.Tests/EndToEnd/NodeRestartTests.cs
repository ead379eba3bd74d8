using System.Net;
using Docker.DotNet.Models;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>Runs its own node, since it stops and starts it.</summary>
public sealed class NodeRestartTests : IAsyncLifetime
{
    private PaasNode _node = new();

    public Task InitializeAsync() => _node.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Restart_NodeStoppedAndStarted_ServesEveryAppAgainWithoutAPush()
    {
        var kept = NodeFixture.NewAppName("kept");
        var lost = NodeFixture.NewAppName("lost");
        using var a = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "kept app");
        using var b = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "lost app");
        Assert.Equal(0, (await a.PushAsync(_node.RemoteUrl(kept))).ExitCode);
        Assert.Equal(0, (await b.PushAsync(_node.RemoteUrl(lost))).ExitCode);
        var keptContainer = Assert.Single(await _node.ContainersAsync(kept));

        await _node.StopAsync();
        // One app's container survives the stop (it is re-adopted); the other's is gone, as after a reboot.
        using (var docker = PaasNode.Docker())
        {
            var lostContainer = Assert.Single(await _node.ContainersAsync(lost));
            await docker.Containers.RemoveContainerAsync(lostContainer.ID, new ContainerRemoveParameters { Force = true });
        }

        var restarted = new PaasNode(_node.DataDir, _node.NodeName);
        await using (restarted)
        {
            await restarted.StartAsync();

            await restarted.WaitForContentAsync($"{kept}.{PaasNode.Domain}", "kept app");
            await restarted.WaitForContentAsync($"{lost}.{PaasNode.Domain}", "lost app");
            Assert.Equal(keptContainer.ID, Assert.Single(await restarted.ContainersAsync(kept)).ID);
            Assert.Single(await restarted.ContainersAsync(lost));
            // The first node's state came back too: a push continues the release ledger.
            await a.CommitAsync(AppSource.StaticSiteDockerfile(), "kept app v2", "v2");
            var push = await a.PushAsync(restarted.RemoteUrl(kept));
            Assert.True(push.ExitCode == 0, push.Output);
            Assert.Contains("Releasing " + kept + " v2", push.Output);
            Assert.Equal((HttpStatusCode.OK, "kept app v2\n"), await restarted.GetAsync($"{kept}.{PaasNode.Domain}"));
        }
    }
}
