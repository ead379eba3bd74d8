using System.Diagnostics;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>The node's sshd child is watched: started again when it dies, stopped with the node, and a killed node's leftover stopped at its next start.</summary>
public sealed class SshDaemonTests : IAsyncLifetime
{
    private readonly int _sshPort = FreePorts.Next();
    private readonly PaasNode _node;
    private SshKeyPair _key = null!;

    public SshDaemonTests()
    {
        _node = new PaasNode(settings: [$"--Paas:Ssh:Listen=127.0.0.1:{_sshPort}"]);
    }

    private string PidFile => Path.Combine(_node.DataDir, "ssh", "sshd.pid");

    public async Task InitializeAsync()
    {
        await _node.StartAsync();
        _key = await SshKeyPair.CreateAsync();
        await new PaasCli(_node).OkAsync("ssh-keys:add", "daemon-tests", _key.PublicKeyPath);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task Sshd_KilledLeftOrStopped_IsRestartedReplacedAndEndsWithTheNode()
    {
        var first = await SshdPidAsync();
        await SshAnswersAsync(_node);

        // sshd dies: the node starts it again.
        Process.GetProcessById(first).Kill();
        var second = await Poll.UntilAsync(SshdPidAsync, pid => pid != first && Alive(pid), TimeSpan.FromSeconds(30), "sshd to be started again");
        await SshAnswersAsync(_node);

        // The node is killed: its sshd is left behind, and the node's next start stops it and runs its own.
        _node.Kill();
        Assert.True(Alive(second), "a killed node's sshd outlives it (nothing could stop it)");
        var restarted = new PaasNode(_node.DataDir, _node.NodeName, settings: [$"--Paas:Ssh:Listen=127.0.0.1:{_sshPort}"]);
        await using (restarted)
        {
            await restarted.StartAsync();
            Assert.False(Alive(second), "the leftover sshd was stopped at the next start");
            var third = await SshdPidAsync();
            // The key is the cluster's state, so it works after the restart too.
            await SshAnswersAsync(restarted);

            // The node stops: its sshd stops with it.
            await restarted.StopAsync();
            Assert.False(Alive(third), "sshd stopped with the node");
        }
    }

    [Fact]
    public async Task Start_SshPortTaken_RefusesToStartWithOneSentence()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        await using var blocked = new PaasNode(settings: [$"--Paas:Ssh:Listen=127.0.0.1:{taken}"]);

        await blocked.LaunchAsync();

        Assert.Equal(1, await blocked.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var stderr = blocked.StandardError.ToString().Trim();
        Assert.StartsWith($"Paas:Ssh:Listen 127.0.0.1:{taken}: ", stderr);
        Assert.Single(stderr.Split('\n'));
    }

    private async Task SshAnswersAsync(PaasNode node)
    {
        var words = _key.SshCommand(_sshPort).Split(' ');
        var result = await Poll.UntilAsync(
            () => ProcessRunner.RunAsync(words[0], [.. words[1..], "paas@127.0.0.1", "apps:list"], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(1)),
            r => r.ExitCode == 0, TimeSpan.FromSeconds(30), $"ssh apps:list to answer on node {node.NodeName}");
        Assert.Contains("=====> My Apps", result.StandardOutput);
    }

    private Task<int> SshdPidAsync() =>
        Poll.UntilAsync(
            () => Task.FromResult(File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), out var pid) ? pid : 0),
            pid => pid > 0, TimeSpan.FromSeconds(30), "the node to record its sshd's pid");

    private static bool Alive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");
}
