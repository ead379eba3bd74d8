using System.Net;
using Docker.DotNet.Models;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>An app's containers are limited and kept apart from other apps', with the real Docker engine.</summary>
[Collection(NodeCollection.Name)]
public sealed class ContainmentTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Push_Instance_HasPidsLimitRotatedLogsNoNewPrivilegesAndTheAppsNetwork()
    {
        var app = NodeFixture.NewAppName("limits");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "limited");
        var push = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);

        using var docker = PaasNode.Docker();
        var container = Assert.Single(await Node.ContainersAsync(app));
        var host = (await docker.Containers.InspectContainerAsync(container.ID)).HostConfig;

        Assert.Equal(512, host.PidsLimit);
        Assert.Equal("json-file", host.LogConfig.Type);
        Assert.Equal("10m", host.LogConfig.Config["max-size"]);
        Assert.Equal("3", host.LogConfig.Config["max-file"]);
        Assert.Contains("no-new-privileges", host.SecurityOpt);
        Assert.Equal("paas", host.NetworkMode);
        var network = await docker.Networks.InspectNetworkAsync("paas");
        Assert.Equal("false", network.Options["com.docker.network.bridge.enable_icc"]);
    }

    [Fact]
    public async Task TwoApps_CannotReachEachOtherDirectly_TheGatewayReachesBoth()
    {
        var first = NodeFixture.NewAppName("alone");
        var second = NodeFixture.NewAppName("apart");
        foreach (var (app, body) in new[] { (first, "first app"), (second, "second app") })
        {
            using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), body);
            var push = await source.PushAsync(Node.RemoteUrl(app));
            Assert.True(push.ExitCode == 0, push.Output);
        }

        using var docker = PaasNode.Docker();
        var from = Assert.Single(await Node.ContainersAsync(first)).ID;
        var target = await docker.Containers.InspectContainerAsync(Assert.Single(await Node.ContainersAsync(second)).ID);
        var address = target.NetworkSettings.Networks.Values.Single().IPAddress;

        // busybox wget inside the first app's container, straight at the second app's address.
        var direct = await ProcessRunner.RunAsync("docker", ["exec", from, "wget", "-T", "3", "-q", "-O", "-", $"http://{address}:5000/"],
            timeout: TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, direct.ExitCode);
        Assert.DoesNotContain("second app", direct.Output);
        Assert.Equal((HttpStatusCode.OK, "first app\n"), await Node.GetAsync($"{first}.{PaasNode.Domain}"));
        Assert.Equal((HttpStatusCode.OK, "second app\n"), await Node.GetAsync($"{second}.{PaasNode.Domain}"));
    }

    [Fact]
    public async Task DockerfileBuild_RunStepsHaveTheBuildMemoryLimit()
    {
        var app = NodeFixture.NewAppName("buildmem");
        using var source = await AppSource.CreateAsync(
            // cgroup v2 shows the limit in memory.max, v1 in memory/memory.limit_in_bytes.
            AppSource.StaticSiteDockerfile("RUN echo \"build memory limit: $(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)\""),
            "built");

        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.True(push.ExitCode == 0, push.Output);
        // Paas:Build:MemoryLimitMiB, 2048 MiB by default.
        Assert.True(push.Output.Contains($"build memory limit: {2048L * 1024 * 1024}", StringComparison.Ordinal), push.Output);
    }
}
