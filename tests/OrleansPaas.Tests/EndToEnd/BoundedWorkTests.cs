using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// Work with limits, on a node with small ones: pushes git refuses before any ref moves (too large
/// for Paas:Git:MaxPushBytes, malformed objects), builds stopped at Paas:Build:Timeout, and
/// <c>logs -t</c> readers that stop reading dropped at a small Paas:Logs buffer.
/// </summary>
public sealed class BoundedWorkTests : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReleasePhaseTimeout = TimeSpan.FromSeconds(8);
    private const int LogBufferLines = 50;
    private readonly PaasNode _node = new(settings:
    [
        "--Paas:Git:MaxPushBytes=300000", $"--Paas:Build:Timeout={BuildTimeout}", $"--Paas:Deploy:ReleasePhaseTimeout={ReleasePhaseTimeout}",
        $"--Paas:Logs:FollowerBufferLines={LogBufferLines}", "--Paas:Logs:SlowReaderTimeout=00:00:01",
    ]);

    public Task InitializeAsync() => _node.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Push_LargerThanMaxPushBytes_IsRefused_TheRepositoryAndTheAppStayAsTheyWere()
    {
        const string app = "limited";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "v1");
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);
        var v1 = await source.HeadAsync();

        // 1 MB that no compression shrinks below the 300 kB limit.
        await File.WriteAllBytesAsync(Path.Combine(source.Path, "www", "noise.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(1_000_000));
        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "v2", "big");
        var push = await source.PushAsync(_node.RemoteUrl(app));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("exceeds maximum allowed size", push.Output);
        var remote = await source.GitAsync("ls-remote", _node.RemoteUrl(app), "refs/heads/main");
        Assert.StartsWith(v1, remote.Output.Trim());
        Assert.Equal((HttpStatusCode.OK, "v1\n"), await _node.GetAsync($"{app}.{PaasNode.Domain}"));
    }

    [Fact]
    public async Task Push_CommitWithAMalformedAuthor_IsRefusedByFsck_NothingIsBuilt()
    {
        const string app = "malformed";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "bad");
        var tree = (await source.GitAsync("rev-parse", "HEAD^{tree}")).Output.Trim();
        var raw = Path.Combine(source.Path, "..", $"bad-commit-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(raw, $"tree {tree}\nauthor nobody 1700000000 +0000\ncommitter nobody <n@example.test> 1700000000 +0000\n\nno email\n");
        var bad = (await source.GitAsync("hash-object", "-t", "commit", "-w", "--literally", raw)).Output.Trim();
        Assert.Equal(0, (await source.GitAsync("update-ref", "refs/heads/main", bad)).ExitCode);

        var push = await source.PushAsync(_node.RemoteUrl(app));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("fsck", push.Output);
        Assert.Empty(await _node.ContainersAsync(app));
        File.Delete(raw);
    }

    [Fact]
    public async Task Push_BuildLongerThanTheTimeout_FailsSayingSo_OldReleaseServes_NextPushIsNotBlocked()
    {
        const string app = "slow";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "v1");
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);

        await source.CommitAsync(AppSource.StaticSiteDockerfile("RUN sleep 600"), "v2", "endless build");
        var started = DateTime.UtcNow;
        var slow = await source.PushAsync(_node.RemoteUrl(app));

        Assert.NotEqual(0, slow.ExitCode);
        Assert.Contains($"did not finish within {BuildTimeout}", slow.Output);
        Assert.True(DateTime.UtcNow - started < BuildTimeout + TimeSpan.FromSeconds(45), "the push should end soon after the timeout");
        Assert.Equal((HttpStatusCode.OK, "v1\n"), await _node.GetAsync($"{app}.{PaasNode.Domain}"));

        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "v3", "quick again");
        var next = await source.PushAsync(_node.RemoteUrl(app));
        Assert.True(next.ExitCode == 0, next.Output);
        Assert.Equal((HttpStatusCode.OK, "v3\n"), await _node.GetAsync($"{app}.{PaasNode.Domain}"));
    }

    [Fact]
    public async Task Push_ReleasePhaseLongerThanItsTimeout_IsStopped_ThePushFailsSayingSo_OldReleaseServes()
    {
        const string app = "slow-release";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "v1");
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);

        await source.CommitFilesAsync("a release phase that never ends",
            ("www/index.html", "v2\n"),
            ("Procfile", "web: httpd -f -p $PORT -h /www\nrelease: sleep 596\n"));
        var push = await source.PushAsync(_node.RemoteUrl(app));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains($"did not finish within {ReleasePhaseTimeout} (Paas:Deploy:ReleasePhaseTimeout)", push.Output);
        Assert.Equal((HttpStatusCode.OK, "v1\n"), await _node.GetAsync($"{app}.{PaasNode.Domain}"));
        using var docker = PaasNode.Docker();
        var running = await docker.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters());
        Assert.DoesNotContain(running, c => c.Command.Contains("sleep 596", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_QuarantineLeftByAnInterruptedPush_IsRemoved_TheAppKeepsServing()
    {
        const string app = "leftover";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "kept");
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);
        await _node.StopAsync();
        // What git leaves when the node dies in the middle of a push.
        var stale = Path.Combine(_node.DataDir, "repos", $"{app}.git", "objects", "tmp_objdir-incoming-Ab12Cd");
        Directory.CreateDirectory(Path.Combine(stale, "pack"));
        await File.WriteAllTextAsync(Path.Combine(stale, "pack", "half-written.pack"), "partial");

        await _node.StartAsync();

        await Poll.UntilAsync(() => Task.FromResult(!Directory.Exists(stale)), TimeSpan.FromSeconds(30), "the stale quarantine to be removed");
        Assert.Equal((HttpStatusCode.OK, "kept\n"), await _node.WaitForContentAsync($"{app}.{PaasNode.Domain}", "kept\n"));
    }

    [Fact]
    public async Task LogsFollow_AReaderThatStopsReading_IsDropped_ItsStreamEndsWithANote_TheAppKeepsServing()
    {
        const string app = "chatty";
        // 7 KB lines, hundreds a second, for as long as the app runs: far more than any buffer holds.
        using var source = await AppSource.CreateAsync($$"""
            FROM {{PaasNode.BaseImage}}
            COPY www /www
            CMD ["sh", "-c", "httpd -p $PORT -h /www; pad=$(printf '%07000d' 0); i=0; while true; do echo \"$i $pad\"; i=$((i+1)); usleep 200; done"]
            """, "chatty");
        var push = await source.PushAsync(_node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);

        // A client that takes almost nothing from its socket: the node's buffers are what fills.
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _node.Token);
        using var response = await http.GetAsync($"{_node.ControlUrl}/api/apps/{app}/logs?follow=true&lines=10", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();

        await Poll.UntilAsync(async () => (await ReadSharedAsync(_node.LogFile)).Contains("Dropped a logs reader"),
            TimeSpan.FromSeconds(60), "the node to drop the reader that stopped reading");
        using var rest = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var text = await new StreamReader(stream).ReadToEndAsync(rest.Token);

        Assert.Contains($"fell behind by more than {LogBufferLines} lines", text);
        Assert.Equal((HttpStatusCode.OK, "chatty\n"), await _node.GetAsync($"{app}.{PaasNode.Domain}"));
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return await new StreamReader(file).ReadToEndAsync();
    }
}
