using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// An app's containers on the real engine: a CPU share and memory limit (the defaults, then the
/// app's own from <c>resource:limit</c>), no capability beyond what ordinary apps need (no NET_RAW),
/// no privilege gain, a PIDs limit; and a limit change reaches the next instance while the app answers.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class AppResourceLimitsTests(NodeFixture fixture, ITestOutputHelper output)
{
    // Bits of the capability sets in /proc/PID/status (linux/capability.h).
    private const int NetBindService = 10;
    private const int NetRaw = 13;

    private PaasNode Node => fixture.Node;
    private PaasCli Cli => new(Node);

    [Fact]
    public async Task Push_ThenResourceLimit_InstancesHaveTheLimitsAndTheAppKeepsAnswering()
    {
        var app = NodeFixture.NewAppName("cpu");
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "limited");
        var push = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);

        using var docker = PaasNode.Docker();
        var first = Assert.Single(await Node.ContainersAsync(app)).ID;
        var defaults = (await docker.Containers.InspectContainerAsync(first)).HostConfig;
        // Paas:Deploy:CpuLimit (1 core) and MemoryLimitMiB (512) by default.
        Assert.Equal(1_000_000_000L, defaults.NanoCPUs);
        Assert.Equal(512L << 20, defaults.Memory);
        Assert.Equal(512, defaults.PidsLimit);
        Assert.Contains("no-new-privileges", defaults.SecurityOpt);
        Assert.Contains("ALL", defaults.CapDrop);
        Assert.DoesNotContain("NET_RAW", defaults.CapAdd);
        // What the app's process really holds: no raw sockets, but a port below 1024 stays possible.
        var capabilities = await EffectiveCapabilitiesAsync(first);
        Assert.Equal(0UL, capabilities & (1UL << NetRaw));
        Assert.NotEqual(0UL, capabilities & (1UL << NetBindService));

        // Bad input: 400 with one sentence, and nothing restarts.
        using (var api = Node.Api())
        {
            foreach (var (body, field) in new[] { ("{\"cpu\":\"lots\"}", "cpu"), ("{\"cpu\":\"64\"}", "cpu"), ("{\"memory\":\"1k\"}", "memory"), ("{}", "limits") })
            {
                using var refused = await api.PutAsync($"/api/apps/{app}/resources/limits", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
                Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{body} → {(int)refused.StatusCode} {problem}");
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
                Assert.DoesNotContain("\n", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
            }
        }

        Assert.Equal(first, Assert.Single(await Node.ContainersAsync(app)).ID);

        using var load = new LoadLoop(Node, host, clients: 2, maxRequests: 100_000, maxDuration: TimeSpan.FromMinutes(3));
        await load.WaitForRequestsAsync(20);
        var clock = Stopwatch.StartNew();
        var limited = await Cli.OkAsync("resource:limit", app, "--cpu", "0.5", "--memory", "256m");
        var changeTook = clock.Elapsed;
        await load.WaitForRequestsAsync(20);
        var result = await load.StopAsync();
        output.WriteLine($"resource:limit (restart onto the new limits) took {changeTook.TotalMilliseconds:0} ms; requests {result.Total}, failed {result.Failed.Count}, slowest {load.Slowest.TotalMilliseconds:0} ms");

        Assert.Contains("Limit cpu:          0.5\n", limited);
        Assert.Contains("Limit memory:       256m\n", limited);
        Assert.True(result.Failed.Count == 0, "failed requests: " + string.Join(" | ", result.Failed.Take(5)));
        var second = await Poll.UntilAsync(() => Node.ContainersAsync(app), c => c.Count == 1 && c[0].ID != first, TimeSpan.FromSeconds(60),
            "the old instance to be retired");
        var changed = (await docker.Containers.InspectContainerAsync(second[0].ID)).HostConfig;
        Assert.Equal(500_000_000L, changed.NanoCPUs);
        Assert.Equal(256L << 20, changed.Memory);
        Assert.Contains("ALL", changed.CapDrop);
        Assert.Equal((HttpStatusCode.OK, "limited\n"), await Node.GetAsync(host));
        // Limits are the app's setting, not a release: no new release for them.
        Assert.Contains("\"cpuSource\":\"app\"", await Cli.OkAsync("resource:report", app, "--json"));
        Assert.Single(System.Text.Json.JsonDocument.Parse(await Cli.OkAsync("releases", app, "--json")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Run_OneOffContainer_HasTheAppsLimitsAndNoNetRaw()
    {
        var app = NodeFixture.NewAppName("runcap");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "one-off");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        await Cli.OkAsync("resource:limit", app, "--cpu", "0.25", "--memory", "64m");

        // The run's own view of its cgroup and capabilities (cgroup v2 first, then v1).
        var run = await Cli.OkAsync("run", app, "--", "sh", "-c",
            "grep CapEff /proc/self/status; cat /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us;"
            + " cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes");

        var lines = run.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var capabilities = ulong.Parse(lines[0].Split(':')[1].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(0UL, capabilities & (1UL << NetRaw));
        var cpu = lines.Length == 3 ? lines[1].Split(' ') : [lines[1], lines[2]];
        Assert.Equal(0.25, double.Parse(cpu[0], CultureInfo.InvariantCulture) / double.Parse(cpu[1], CultureInfo.InvariantCulture), 3);
        Assert.Equal((64L << 20).ToString(CultureInfo.InvariantCulture), lines[^1]);
    }

    private static async Task<ulong> EffectiveCapabilitiesAsync(string container)
    {
        var status = await ProcessRunner.RunAsync("docker", ["exec", container, "grep", "CapEff", "/proc/self/status"], timeout: TimeSpan.FromSeconds(30));
        Assert.True(status.ExitCode == 0, status.Output);
        return ulong.Parse(status.Output.Split(':')[1].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
