using Microsoft.AspNetCore.Http;
using OrleansPaas.Cli.Settings;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary><c>login</c> and <c>logout</c> in-process, with a home folder of their own and the fake admin API.</summary>
public sealed class LoginCommandTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("paas-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public async Task Login_TokenAccepted_KeepsItForLaterCommands()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, "[]"));

        var login = await CliRun.RunInAsync(Home(), _home, FakePaasServer.Token + "\n", "login", server.Url + "/");
        var list = await CliRun.RunInAsync(Home(), _home, null, "apps:list", "--json");

        Assert.Equal(0, login.ExitCode);
        Assert.StartsWith($"-----> Logged in to {server.Url}\n", login.Stdout);
        Assert.Equal(new StoredLogin(server.Url, FakePaasServer.Token), LoginFile.Read(Home()));
        Assert.Equal((0, "[]\n"), (list.ExitCode, list.Stdout));
        Assert.All(server.Requests, r => Assert.Equal($"Bearer {FakePaasServer.Token}", r.Authorization));
    }

    [Fact]
    public async Task Login_TokenRefused_SavesNothing()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, "[]"));

        var run = await CliRun.RunInAsync(Home(), _home, "wrong-token\n", "login", server.Url);

        Assert.Equal((1, $"the platform at {server.Url} refused this token; nothing was saved\n"), (run.ExitCode, run.Stderr));
        Assert.Null(LoginFile.Read(Home()));
    }

    [Fact]
    public async Task Login_NoTokenOnInput_SaysHowToGiveOne()
    {
        var run = await CliRun.RunInAsync(Home(), _home, "", "login", "http://127.0.0.1:1");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("no token given", run.Stderr);
        Assert.Null(LoginFile.Read(Home()));
    }

    [Fact]
    public async Task Logout_AfterLogin_ForgetsTheToken()
    {
        LoginFile.Write(Home(), new StoredLogin("http://127.0.0.1:8081", "secret"));

        var run = await CliRun.RunInAsync(Home(), _home, null, "logout");

        Assert.Equal((0, "-----> Logged out of http://127.0.0.1:8081\n"), (run.ExitCode, run.Stdout.Split("       ")[0]));
        Assert.Null(LoginFile.Read(Home()));
    }

    [Fact]
    public async Task Commands_EnvironmentSet_WinOverTheLogin()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, "[]"));
        LoginFile.Write(Home(), new StoredLogin("http://127.0.0.1:1", "stale"));
        var environment = new Dictionary<string, string>(server.Environment) { ["HOME"] = _home };

        var run = await CliRun.RunInAsync(environment, _home, null, "apps:list", "--json");

        Assert.Equal((0, "[]\n"), (run.ExitCode, run.Stdout));
    }

    private Dictionary<string, string> Home() => new() { ["HOME"] = _home };
}
