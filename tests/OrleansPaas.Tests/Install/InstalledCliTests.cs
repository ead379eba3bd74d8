using System.Diagnostics;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Install;

/// <summary>The installed `paas` (the published native binary) as a user meets it: login, a checkout, completion, speed.</summary>
[Collection(InstalledPlatformCollection.Name)]
public sealed class InstalledCliTests(InstalledPlatform platform, ITestOutputHelper output) : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("paas-user-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task Login_KeepsUrlAndTokenInAFileOnlyTheUserReads_AndLaterCommandsUseIt()
    {
        var login = await PaasAsync(standardInput: platform.Token + "\n", "login", platform.ControlUrl);
        var list = await PaasAsync(null, "apps:list");

        Assert.True(login.ExitCode == 0, $"paas login → {login}");
        var file = Path.Combine(_home, ".config", "orleanspaas", "login.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Contains(platform.ControlUrl, File.ReadAllText(file));
        Assert.True(list.ExitCode == 0, $"paas apps:list after login → {list}");

        var logout = await PaasAsync(null, "logout");
        Assert.True(logout.ExitCode == 0, $"paas logout → {logout}");
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Environment_WinsOverTheLogin()
    {
        var login = await PaasAsync(standardInput: platform.Token + "\n", "login", platform.ControlUrl);
        Assert.True(login.ExitCode == 0, $"paas login → {login}");

        var wrongToken = await PaasAsync(null, new Dictionary<string, string> { ["PAAS_TOKEN"] = "not-the-token-at-all" }, "apps:list");

        Assert.Equal(1, wrongToken.ExitCode);
        Assert.StartsWith("the token was refused", wrongToken.StandardError);
    }

    [Fact]
    public async Task Checkout_RemotePointsAtThePlatform_CommandsNeedNoAppName()
    {
        var create = await PaasAsync(null, Token(), "apps:create", "inferred");
        Assert.True(create.ExitCode == 0, $"paas apps:create → {create}");
        using var checkout = await GitWorkTree.CreateAsync();
        await checkout.GitAsync("remote", "add", "paas", $"{platform.ControlUrl}/inferred.git");

        var set = await PaasInAsync(checkout.Path, null, Token(), "config:set", "GREETING=hello", "--no-restart");
        var get = await PaasInAsync(checkout.Path, null, Token(), "config:get", "GREETING");

        Assert.True(set.ExitCode == 0, $"paas config:set → {set}");
        Assert.Equal((0, "hello\n"), (get.ExitCode, get.StandardOutput));
    }

    [Fact]
    public async Task Completion_Bash_IsLoadedByBash()
    {
        var result = await ProcessRunner.RunAsync("bash", ["-c", $"source <('{platform.PaasBinary}' completion bash) && complete -p paas"]);

        Assert.Equal((0, "complete -o default -F _paas paas\n"), (result.ExitCode, result.StandardOutput));
    }

    [Fact]
    public async Task AppsList_Native_AnswersQuickly()
    {
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = await PaasAsync(null, Token(), "apps:list");
            times.Add(clock.Elapsed.TotalMilliseconds);
            Assert.True(result.ExitCode == 0, $"paas apps:list → {result}");
        }

        var median = times.Order().ElementAt(times.Count / 2);
        output.WriteLine($"paas apps:list: median {median:0} ms of {times.Count} (from this test's process start to exit)");
        // The goal is 150 ms on an idle machine; the bound leaves room for a loaded CI machine, and still
        // fails for a JIT-started CLI (about a second).
        Assert.True(median < 400, $"median {median:0} ms");
    }

    private Dictionary<string, string> Token() => new() { ["PAAS_URL"] = platform.ControlUrl, ["PAAS_TOKEN"] = platform.Token };

    private Task<ProcessResult> PaasAsync(string? standardInput, params string[] arguments) =>
        PaasAsync(standardInput, new Dictionary<string, string>(), arguments);

    private Task<ProcessResult> PaasAsync(string? standardInput, Dictionary<string, string> environment, params string[] arguments) =>
        PaasInAsync(_home, standardInput, environment, arguments);

    private Task<ProcessResult> PaasInAsync(string directory, string? standardInput, Dictionary<string, string> environment, params string[] arguments)
    {
        environment["HOME"] = _home;
        return platform.PaasAsync(platform.PaasBinary, directory, environment, standardInput, arguments);
    }
}
