using System.Net;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// git and paas commands over SSH: the node's own sshd child (OpenSSH), the real ssh client and
/// real git, keys made by ssh-keygen and added through the real paas CLI.
/// </summary>
public sealed class SshTests(SshTests.SshNode fixture) : IClassFixture<SshTests.SshNode>
{
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Push_OverSsh_CreatesTheAppStreamsTheDeployAndClonesBack()
    {
        var app = NodeFixture.NewAppName("ssh");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "hello over ssh");

        var push = await source.PushAsync($"ssh://paas@127.0.0.1:{fixture.Port}/{app}.git", environment: fixture.GitSsh(fixture.Key));

        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Contains($"remote: -----> Building {app} from Dockerfile", push.Output);
        Assert.Contains($"remote: =====> Application deployed: http://{app}.{PaasNode.Domain}", push.Output);
        var (status, body) = await Node.GetAsync($"{app}.{PaasNode.Domain}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hello over ssh\n", body);

        // The scp-like form, as in the seed post: git remote add paas paas@host:blog.git.
        var clone = Path.Combine(Path.GetTempPath(), "paas-ssh-clone-" + Guid.NewGuid().ToString("N"));
        try
        {
            var cloned = await ProcessRunner.RunAsync("git", ["clone", "-q", $"paas@127.0.0.1:{app}.git", clone], Path.GetTempPath(), fixture.GitSsh(fixture.Key));
            Assert.True(cloned.ExitCode == 0, cloned.Output);
            Assert.Equal(await source.HeadAsync(), (await AppSource.GitIn(clone, "rev-parse", "HEAD")).Output.Trim());
        }
        finally
        {
            if (Directory.Exists(clone))
            {
                Directory.Delete(clone, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Push_OverSsh_FailedBuildFailsThePushAndKeepsTheRelease_OtherBranchesAreRefused()
    {
        var app = NodeFixture.NewAppName("ssh-fail");
        var remote = $"paas@127.0.0.1:{app}.git";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "good");
        Assert.True((await source.PushAsync(remote, environment: fixture.GitSsh(fixture.Key))).ExitCode == 0);

        await source.CommitAsync(AppSource.StaticSiteDockerfile("RUN false"), "broken", "break the build");
        var failed = await source.PushAsync(remote, environment: fixture.GitSsh(fixture.Key));
        var otherBranch = await source.PushAsync(remote, "HEAD:refs/heads/feature", fixture.GitSsh(fixture.Key));

        Assert.True(failed.ExitCode != 0, failed.Output);
        Assert.Contains("remote:", failed.Output);
        Assert.True(otherBranch.ExitCode != 0, otherBranch.Output);
        var (_, body) = await Node.GetAsync($"{app}.{PaasNode.Domain}");
        Assert.Equal("good\n", body);
    }

    [Fact]
    public async Task Ssh_KeyNeverAdded_IsRefusedAndPushesNothing()
    {
        using var stranger = await SshKeyPair.CreateAsync();
        var app = NodeFixture.NewAppName("ssh-stranger");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "nope");

        var command = await fixture.SshAsync(stranger, "apps:list");
        var push = await source.PushAsync($"paas@127.0.0.1:{app}.git", environment: fixture.GitSsh(stranger));

        Assert.Equal(255, command.ExitCode);
        Assert.Contains("Permission denied (publickey)", command.StandardError);
        Assert.True(push.ExitCode != 0, push.Output);
        Assert.Contains($"app '{app}' does not exist", await new PaasCli(Node).FailsAsync("apps:info", app));
    }

    [Fact]
    public async Task Ssh_RemovedKey_IsRefusedAtOnce()
    {
        using var key = await SshKeyPair.CreateAsync("ecdsa", 256);
        var name = "leaving-" + Guid.NewGuid().ToString("N")[..6];
        var cli = new PaasCli(Node);
        await cli.OkAsync("ssh-keys:add", name, key.PublicKeyPath);
        var before = await fixture.SshAsync(key, "apps:list");

        await cli.OkAsync("ssh-keys:remove", name);
        var after = await fixture.SshAsync(key, "apps:list");

        Assert.True(before.ExitCode == 0, before.Output);
        Assert.Equal(255, after.ExitCode);
        Assert.Contains("Permission denied (publickey)", after.StandardError);
    }

    [Fact]
    public async Task Ssh_PaasCommands_RunAsInTheCli_AndAnythingElseGetsOneSentence()
    {
        using var piped = await SshKeyPair.CreateAsync();
        var name = "piped-" + Guid.NewGuid().ToString("N")[..6];

        var list = await fixture.SshAsync(fixture.Key, "apps:list");
        var added = await fixture.SshAsync(fixture.Key, $"ssh-keys:add {name} - --role read", piped.PublicKey + "\n");
        var keys = await fixture.SshAsync(fixture.Key, "ssh-keys:list");
        var unknown = await fixture.SshAsync(fixture.Key, "frobnicate");
        var archive = await fixture.SshAsync(fixture.Key, "git-upload-archive 'blog.git'");
        var shell = await fixture.SshAsync(fixture.Key, "");

        Assert.True(list.ExitCode == 0, list.Output);
        Assert.Contains("=====> My Apps", list.StandardOutput);
        Assert.True(added.ExitCode == 0, added.Output);
        Assert.Contains(name, keys.StandardOutput);
        Assert.Contains(await piped.FingerprintAsync(), keys.StandardOutput);
        Assert.Matches($@"{name}\s+read", keys.StandardOutput);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("'frobnicate' is not a paas command (see 'paas --help')", unknown.StandardError.Trim());
        Assert.Equal(1, archive.ExitCode);
        Assert.Single(archive.StandardError.Trim().Split('\n'));
        Assert.StartsWith("OrleansPaas serves git push", archive.StandardError);
        Assert.Equal(1, shell.ExitCode);
        Assert.Single(shell.StandardError.Trim().Split('\n'));
    }

    [Fact]
    public async Task KeyRoles_AReadKeyClonesButCannotPush_ADeployKeyPushesButRunsNoCommand_EachInTheTrail()
    {
        var app = NodeFixture.NewAppName("sshrole");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "first");
        var first = await source.PushAsync($"ssh://paas@127.0.0.1:{fixture.Port}/{app}.git", environment: fixture.GitSsh(fixture.Key));
        Assert.True(first.ExitCode == 0, first.Output);
        using var reader = await SshKeyPair.CreateAsync();
        using var deployer = await SshKeyPair.CreateAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var cli = new PaasCli(Node);
        await cli.OkAsync("ssh-keys:add", "reader-" + suffix, reader.PublicKeyPath, "--role", "read");
        await cli.OkAsync("ssh-keys:add", "deployer-" + suffix, deployer.PublicKeyPath, "--role", "deploy");
        var before = await source.HeadAsync();

        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "second", "second");
        var readPush = await source.PushAsync($"ssh://paas@127.0.0.1:{fixture.Port}/{app}.git", environment: fixture.GitSsh(reader));
        var readCommand = await fixture.SshAsync(reader, "apps:list");
        var deployCommand = await fixture.SshAsync(deployer, "apps:list");

        Assert.NotEqual(0, readPush.ExitCode);
        Assert.Contains($"'key:reader-{suffix}' has the role read; this needs deploy", readPush.Output);
        Assert.Equal(1, readCommand.ExitCode);
        Assert.Contains("this needs admin", readCommand.StandardError);
        Assert.Equal(1, deployCommand.ExitCode);
        Assert.Contains($"'key:deployer-{suffix}' has the role deploy; this needs admin", deployCommand.StandardError);
        var (_, served) = await Node.GetAsync($"{app}.{PaasNode.Domain}");
        Assert.Equal("first\n", served);
        Assert.Equal(before, (await ProcessRunner.RunAsync("git", ["ls-remote", $"ssh://paas@127.0.0.1:{fixture.Port}/{app}.git", "refs/heads/main"],
            Path.GetTempPath(), fixture.GitSsh(reader))).StandardOutput.Split('\t')[0]);

        var deployPush = await source.PushAsync($"ssh://paas@127.0.0.1:{fixture.Port}/{app}.git", environment: fixture.GitSsh(deployer));
        Assert.True(deployPush.ExitCode == 0, deployPush.Output);
        await NamedTokens.WaitForEventAsync(Node, app, e => e.Actor == $"key:reader-{suffix}" && e.Action == "push" && e.Outcome == "refused (ssh)",
            "the read key's refused push");
        await NamedTokens.WaitForEventAsync(Node, app, e => e.Actor == $"key:deployer-{suffix}" && e.Action == "push" && e.Outcome.StartsWith("ok", StringComparison.Ordinal),
            "the deploy key's push");
    }

    [Fact]
    public async Task AKeyLimitedToOneApp_PushesToIt_AndIsRefusedAnyOtherApp_WhichIsNotCreated()
    {
        var mine = NodeFixture.NewAppName("sshmine");
        var other = NodeFixture.NewAppName("sshother");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "scoped");
        using var ci = await SshKeyPair.CreateAsync();
        var name = "ci-" + Guid.NewGuid().ToString("N")[..6];
        var cli = new PaasCli(Node);
        await cli.OkAsync("ssh-keys:add", name, ci.PublicKeyPath, "--role", "deploy", "--app", mine);

        var refused = await source.PushAsync($"ssh://paas@127.0.0.1:{fixture.Port}/{other}.git", environment: fixture.GitSsh(ci));
        var pushed = await source.PushAsync($"ssh://paas@127.0.0.1:{fixture.Port}/{mine}.git", environment: fixture.GitSsh(ci));

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"'key:{name}' is limited to the apps {mine}; '{other}' is not one of them", refused.Output);
        Assert.Contains($"app '{other}' does not exist", await cli.FailsAsync("apps:info", other));
        Assert.True(pushed.ExitCode == 0, pushed.Output);
        Assert.Equal("scoped\n", (await Node.GetAsync($"{mine}.{PaasNode.Domain}")).Body);
        var listed = (await cli.OkAsync("ssh-keys:list")).Split('\n').Single(line => line.Contains(name, StringComparison.Ordinal));
        Assert.Contains(mine, listed);
    }

    [Fact]
    public async Task SshKeysAdd_WeakOrWrongOrRepeatedKeys_AreRefusedWithASentence()
    {
        using var weak = await SshKeyPair.CreateAsync("rsa", 1024);
        var cli = new PaasCli(Node);
        var before = await cli.OkAsync("ssh-keys:list", "--json");

        var small = await cli.FailsAsync("ssh-keys:add", "weak", weak.PublicKeyPath);
        var privateKey = await cli.FailsAsync("ssh-keys:add", "private", weak.PrivateKeyPath);
        var again = await cli.FailsAsync("ssh-keys:add", "again", fixture.Key.PublicKeyPath);
        var role = await cli.FailsAsync("ssh-keys:add", "owner", weak.PublicKeyPath, "--role", "owner");

        Assert.Contains("the RSA key has 1024 bits; at least 2048 are needed", small);
        Assert.Contains("is a private key, which stays on this machine", privateKey);
        Assert.Contains("is already added as 'tests'", again);
        Assert.Contains("'owner' is not one of admin, deploy, read", role);
        Assert.Equal(before, await cli.OkAsync("ssh-keys:list", "--json"));
    }

    [Fact]
    public async Task Git_OverSsh_UnknownAppOrInvalidName_IsRefusedWithTheReason()
    {
        var app = NodeFixture.NewAppName("ssh-nope");

        var listed = await ProcessRunner.RunAsync("git", ["ls-remote", $"paas@127.0.0.1:{app}.git"], Path.GetTempPath(), fixture.GitSsh(fixture.Key));
        var invalid = await fixture.SshAsync(fixture.Key, "git-receive-pack 'Bad_Name.git'");

        Assert.True(listed.ExitCode != 0, listed.Output);
        Assert.Contains($"app '{app}' does not exist", listed.Output);
        Assert.Equal(1, invalid.ExitCode);
        Assert.StartsWith("app name 'Bad_Name' contains", invalid.StandardError.Trim());
        Assert.Single(invalid.StandardError.Trim().Split('\n'));
    }

    /// <summary>One node with SSH on, shared by the class, and one key added to it.</summary>
    public sealed class SshNode : IAsyncLifetime
    {
        public SshNode()
        {
            Node = new PaasNode(settings: [$"--Paas:Ssh:Listen=127.0.0.1:{Port}"]);
        }

        public int Port { get; } = FreePorts.Next();

        public PaasNode Node { get; }

        public SshKeyPair Key { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await Node.StartAsync();
            Key = await SshKeyPair.CreateAsync();
            await new PaasCli(Node).OkAsync("ssh-keys:add", "tests", Key.PublicKeyPath);
        }

        public IReadOnlyDictionary<string, string> GitSsh(SshKeyPair key) =>
            new Dictionary<string, string> { ["GIT_SSH_COMMAND"] = key.SshCommand(Port) };

        /// <summary>Runs <c>ssh paas@127.0.0.1 COMMAND</c> with <paramref name="key"/>.</summary>
        public Task<ProcessResult> SshAsync(SshKeyPair key, string command, string? input = null)
        {
            var words = key.SshCommand(Port).Split(' ');
            return ProcessRunner.RunAsync(words[0], [.. words[1..], "paas@127.0.0.1", .. (command.Length > 0 ? new[] { command } : [])],
                Path.GetTempPath(), timeout: TimeSpan.FromMinutes(2), input: input);
        }

        public async Task DisposeAsync()
        {
            await Node.DisposeAsync();
            Key?.Dispose();
        }
    }
}
