using System.Diagnostics;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Install;

/// <summary><c>deploy/install.sh</c>: a fresh install, a second run (an upgrade), and --uninstall, in a throw-away root.</summary>
[Collection(InstalledPlatformCollection.Name)]
public sealed class InstallScriptTests(InstalledPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task Install_Fresh_PrintsEveryStepAndServesWithATokenAndPaasOnThePath()
    {
        output.WriteLine($"fresh install: {platform.FirstInstallTime.TotalSeconds:0} s");
        var printed = platform.FirstInstall.StandardOutput;

        Assert.Contains("-----> Publishing the node (Release, ReadyToRun)", printed);
        Assert.Contains("-----> Starting the node in the background (no systemd here", printed);
        Assert.Contains($"admin token: {platform.TokenFile}", printed);
        Assert.Contains($"dashboard:   http://", printed);
        Assert.Contains($":{platform.ControlPort}/APP.git", printed);
        Assert.Contains("git push paas main", printed);
        Assert.All(printed.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Matches("^(----->|=====>|       )", line));

        var settings = Path.Combine(platform.ConfigDir, "appsettings.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(settings));
        Assert.Contains("\"Domain\": \"install.test\"", File.ReadAllText(settings));

        // The wrapper on the PATH finds the node's token and control port by itself.
        var list = await platform.PaasAsync(platform.PaasOnPath, platform.Root, arguments: ["apps:list"]);
        Assert.True(list.ExitCode == 0, $"paas apps:list → {list}");
        // `orleanspaas` on the PATH is the node's program with the node's settings: its backup verb finds the data.
        var archive = Path.Combine(platform.Root, "backup.tar.gz");
        var backup = await platform.PaasAsync(Path.Combine(platform.BinDir, "orleanspaas"), platform.Root, arguments: ["backup", archive]);
        Assert.True(backup.ExitCode == 0, $"orleanspaas backup → {backup}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));
        await SystemSshdServesThePlatformUserAsync();
        // The gateway answers 503 until its first route snapshot, then 404 for a host no app has.
        using var gateway = new HttpClient();
        await Poll.UntilAsync(async () => (await gateway.GetAsync($"http://127.0.0.1:{platform.GatewayPort}/")).StatusCode == System.Net.HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30), "the installed gateway to answer 404 for an unknown host");
    }

    [Fact]
    public async Task Install_RunAgain_UpgradesInPlaceKeepingDataTokenAndApps()
    {
        await PaasOkAsync("apps:create", "kept-app");
        var token = platform.Token;
        var nodeBefore = platform.NodeProcessId();

        var clock = Stopwatch.StartNew();
        var upgrade = await platform.InstallAsync("--config-dir", platform.ConfigDir);
        output.WriteLine($"upgrade: {clock.Elapsed.TotalSeconds:0} s");

        Assert.True(upgrade.ExitCode == 0, $"install.sh (again) → {upgrade}");
        Assert.Contains($"-----> Keeping the settings in {platform.ConfigDir}/appsettings.json", upgrade.StandardOutput);
        Assert.Contains("-----> Stopping the running node for the upgrade", upgrade.StandardOutput);
        Assert.Equal(token, platform.Token);
        Assert.NotNull(platform.NodeProcessId());
        Assert.NotEqual(nodeBefore, platform.NodeProcessId());
        Assert.Contains("kept-app", await PaasOkAsync("apps:list"));
    }

    [Fact]
    public async Task Uninstall_KeepsSettingsDataAndToken_AndInstallingAgainServesThem()
    {
        await PaasOkAsync("apps:create", "survivor");
        var token = platform.Token;
        var node = platform.NodeProcessId();

        var uninstall = await platform.InstallAsync("--config-dir", platform.ConfigDir, "--uninstall");

        Assert.True(uninstall.ExitCode == 0, $"install.sh --uninstall → {uninstall}");
        Assert.False(Directory.Exists(platform.Prefix));
        Assert.False(File.Exists(platform.PaasOnPath));
        Assert.False(InstalledPlatform.IsNodeProcess(node ?? throw new InvalidOperationException("no node ran")), "the node still runs");
        Assert.Equal(token, platform.Token);
        Assert.True(File.Exists(Path.Combine(platform.ConfigDir, "appsettings.json")));
        Assert.False(File.Exists(SystemDropIn), "the system sshd's drop-in outlived --uninstall");

        var again = await platform.InstallAsync("--config-dir", platform.ConfigDir);

        Assert.True(again.ExitCode == 0, $"install.sh after --uninstall → {again}");
        Assert.Equal(token, platform.Token);
        Assert.Contains("survivor", await PaasOkAsync("apps:list"));
        // The kept settings still say --system-ssh: the drop-in is back.
        Assert.True(File.Exists(SystemDropIn), "the drop-in was not written again from the kept settings");
    }

    [Fact]
    public async Task Install_BadOption_ChangesNothingAndSaysWhy()
    {
        var settings = File.ReadAllText(Path.Combine(platform.ConfigDir, "appsettings.json"));

        var result = await platform.InstallAsync("--config-dir", platform.ConfigDir, "--control-port", "99999");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("install.sh: --control-port '99999' is not a TCP port (1-65535); nothing was changed\n", result.StandardError);
        Assert.Equal(settings, File.ReadAllText(Path.Combine(platform.ConfigDir, "appsettings.json")));
    }

    private async Task<string> PaasOkAsync(params string[] arguments)
    {
        var result = await platform.PaasAsync(platform.PaasOnPath, platform.Root, arguments: arguments);
        Assert.True(result.ExitCode == 0, $"paas {string.Join(' ', arguments)} → {result}");
        return result.StandardOutput;
    }

    private const string SystemDropIn = "/etc/ssh/sshd_config.d/orleanspaas.conf";

    /// <summary>
    /// --system-ssh: the system's own sshd, with its real configuration and the drop-in, takes the
    /// platform user's logins to the installed node (here on a spare port, as nothing listens on 22).
    /// </summary>
    private async Task SystemSshdServesThePlatformUserAsync()
    {
        Assert.StartsWith("# Written by OrleansPaas", File.ReadAllText(SystemDropIn));
        // The session helper is the installed native paas (milliseconds per start), not the node's program.
        Assert.Contains($"AuthorizedKeysCommand {Path.Combine(platform.Prefix, "cli", "paas")} ssh-authorized-keys ", File.ReadAllText(SystemDropIn));
        Assert.Equal(0, (await ProcessRunner.RunAsync("/usr/sbin/sshd", ["-t"])).ExitCode);

        using var key = await SshKeyPair.CreateAsync();
        var added = await platform.PaasAsync(platform.PaasOnPath, platform.Root, arguments: ["ssh-keys:add", "install-test", key.PublicKeyPath]);
        Assert.True(added.ExitCode == 0, $"paas ssh-keys:add → {added}");
        var port = FreePorts.Next();
        using var sshd = BackgroundProcess.Start("/usr/sbin/sshd", ["-D", "-e", "-o", $"Port={port}", "-o", "ListenAddress=127.0.0.1", "-o", "PidFile=none"],
            platform.Root, new Dictionary<string, string>());
        try
        {
            var words = key.SshCommand(port).Split(' ');
            var listed = await Poll.UntilAsync(
                () => ProcessRunner.RunAsync(words[0], [.. words[1..], "paas@127.0.0.1", "apps:list"], platform.Root, timeout: TimeSpan.FromMinutes(1)),
                result => result.ExitCode == 0, TimeSpan.FromSeconds(60), "paas apps:list over the system sshd");
            Assert.DoesNotContain("error", listed.StandardError, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            sshd.Kill();
        }
    }
}
