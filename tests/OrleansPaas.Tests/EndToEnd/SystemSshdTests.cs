using System.Net;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// <c>paas@host:app.git</c> on the system's own sshd (Paas:Ssh:SystemSshd): the node runs no sshd,
/// and OpenSSH's server, configured like Debian's (PAM on, its drop-in folder included first), takes
/// the platform user's logins through the drop-in <c>orleanspaas ssh-dropin</c> prints.
/// </summary>
public sealed class SystemSshdTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("paas-system-sshd-").FullName;
    private readonly int _port = FreePorts.Next();
    private readonly PaasNode _node = new(settings: ["--Paas:Ssh:SystemSshd=true"]);
    private SshKeyPair _key = null!;
    private BackgroundProcess? _sshd;

    public async Task InitializeAsync()
    {
        await _node.StartAsync();
        _key = await SshKeyPair.CreateAsync();
        await new PaasCli(_node).OkAsync("ssh-keys:add", "system-sshd", _key.PublicKeyPath);
    }

    public async Task DisposeAsync()
    {
        _sshd?.Kill();
        _sshd?.Dispose();
        await _node.DisposeAsync();
        _key.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Push_ThroughTheSystemSshdsDropIn_DeploysAndOnlyThePlatformUserIsForced()
    {
        // The node itself runs no sshd here.
        Assert.False(File.Exists(Path.Combine(_node.DataDir, "ssh", "sshd_config")), "the node wrote a configuration for an sshd of its own");

        var dropIn = await _node.RunVerbAsync("ssh-dropin");
        Assert.True(dropIn.ExitCode == 0, dropIn.ToString());
        Assert.StartsWith("# Written by OrleansPaas", dropIn.StandardOutput);
        Assert.Contains("Match User paas", dropIn.StandardOutput);
        var included = Directory.CreateDirectory(Path.Combine(_folder, "sshd_config.d")).FullName;
        await File.WriteAllTextAsync(Path.Combine(included, "orleanspaas.conf"), dropIn.StandardOutput);
        var hostKey = Path.Combine(_folder, "host_key");
        Assert.Equal(0, (await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey])).ExitCode);
        // Debian's sshd_config: the drop-ins first, then the system's own lines (which must not undo the block).
        var config = Path.Combine(_folder, "sshd_config");
        await File.WriteAllTextAsync(config, $"""
            Include {included}/*.conf
            Port {_port}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            PidFile {_folder}/sshd.pid
            KbdInteractiveAuthentication no
            UsePAM yes
            X11Forwarding yes
            PrintMotd no
            AcceptEnv LANG LC_*
            Subsystem sftp /usr/lib/openssh/sftp-server

            """);
        var check = await ProcessRunner.RunAsync("/usr/sbin/sshd", ["-t", "-f", config]);
        Assert.True(check.ExitCode == 0, check.ToString());
        // The block applies to the platform user only: another user keeps the system's settings.
        var forPaas = await ProcessRunner.RunAsync("/usr/sbin/sshd", ["-T", "-f", config, "-C", "user=paas,host=localhost,addr=127.0.0.1"]);
        var forRoot = await ProcessRunner.RunAsync("/usr/sbin/sshd", ["-T", "-f", config, "-C", "user=root,host=localhost,addr=127.0.0.1"]);
        Assert.Contains("x11forwarding no", forPaas.StandardOutput);
        Assert.Contains("authorizedkeyscommand ", forPaas.StandardOutput);
        Assert.Contains("x11forwarding yes", forRoot.StandardOutput);
        Assert.Contains("authorizedkeyscommand none", forRoot.StandardOutput);

        _sshd = BackgroundProcess.Start("/usr/sbin/sshd", ["-D", "-e", "-f", config], _folder, new Dictionary<string, string>());
        await Poll.UntilAsync(AcceptsAsync, accepted => accepted, TimeSpan.FromSeconds(30), "the system sshd to listen");

        var app = NodeFixture.NewAppName("sys-ssh");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "pushed through port 22's sshd");
        var push = await source.PushAsync($"ssh://paas@127.0.0.1:{_port}/{app}.git",
            environment: new Dictionary<string, string> { ["GIT_SSH_COMMAND"] = _key.SshCommand(_port) });

        Assert.True(push.ExitCode == 0, push.Output + "\nsshd: " + _sshd.Output);
        Assert.Contains($"remote: =====> Application deployed: http://{app}.{PaasNode.Domain}", push.Output);
        var (status, body) = await _node.GetAsync($"{app}.{PaasNode.Domain}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pushed through port 22's sshd\n", body);

        // The trail names the key and the client's address, as sshd gave it.
        var events = await new PaasCli(_node).OkAsync("events:list", "--app", app);
        Assert.Matches($@"key:system-sshd ssh:127\.0\.0\.1 push {System.Text.RegularExpressions.Regex.Escape(app)} ", events);

        // paas commands over it too, and the key's forced command holds: no shell.
        var words = _key.SshCommand(_port).Split(' ');
        var listed = await ProcessRunner.RunAsync(words[0], [.. words[1..], "paas@127.0.0.1", "apps:list"], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(2));
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(app, listed.StandardOutput);
        var shell = await ProcessRunner.RunAsync(words[0], [.. words[1..], "paas@127.0.0.1", "id"], Path.GetTempPath(), timeout: TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, shell.ExitCode);
        Assert.DoesNotContain("uid=", shell.StandardOutput);
    }

    private async Task<bool> AcceptsAsync()
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, _port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
