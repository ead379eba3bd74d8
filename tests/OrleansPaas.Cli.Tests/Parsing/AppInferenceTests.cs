using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Parsing;

/// <summary>Commands run inside a real git checkout whose remote points at the (fake) platform take their app from it.</summary>
public sealed class AppInferenceTests : IDisposable
{
    private readonly string _checkout = Directory.CreateTempSubdirectory("paas-checkout-").FullName;

    public void Dispose() => Directory.Delete(_checkout, recursive: true);

    [Fact]
    public async Task Logs_NoAppInsideTheCheckout_TakesTheRemotesApp()
    {
        await using var server = await StartAsync();
        Git("remote", "add", "paas", $"{server.Url}/blog.git");

        var run = await CliRun.RunInAsync(server.Environment, Subfolder(), null, "logs", "-n", "5");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("GET /api/apps/blog/logs?lines=5&follow=false", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task ConfigSet_NoAppInsideTheCheckout_KeepsTheOtherArgumentsInPlace()
    {
        await using var server = await StartAsync();
        Git("remote", "add", "production", $"{server.Url}/blog.git");

        var run = await CliRun.RunInAsync(server.Environment, _checkout, null, "config:set", "A=1", "--no-restart", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("PATCH /api/apps/blog/config", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task Rollback_VersionOnlyInsideTheCheckout_IsTheVersionOfTheRemotesApp()
    {
        await using var server = await StartAsync();
        Git("remote", "add", "paas", $"{server.Url}/blog.git");

        var run = await CliRun.RunInAsync(server.Environment, _checkout, null, "releases:rollback", "v3", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("POST /api/apps/blog/", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task Commands_AppNamedOrAppOption_WinOverTheCheckout()
    {
        await using var server = await StartAsync();
        Git("remote", "add", "paas", $"{server.Url}/blog.git");

        var named = await CliRun.RunInAsync(server.Environment, _checkout, null, "config:show", "other", "--json");
        var option = await CliRun.RunInAsync(server.Environment, _checkout, null, "--app", "third", "logs", "-n", "1");

        Assert.Equal((0, 0), (named.ExitCode, option.ExitCode));
        Assert.Equal(["GET /api/apps/other/config", "GET /api/apps/third/logs?lines=1&follow=false"], server.Requests.Select(r => r.Line));
    }

    [Fact]
    public async Task Logs_NoAppOutsideAnyCheckout_SaysHowToNameIt()
    {
        await using var server = await StartAsync();

        var run = await CliRun.RunInAsync(server.Environment, _checkout, null, "logs");

        Assert.Equal(
            (1, $"'logs' needs an app: name it first, use --app NAME, or run it inside the app's git checkout (with a remote pointing at {server.Url})\n"),
            (run.ExitCode, run.Stderr));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Destroy_NoAppInsideTheCheckout_IsNeverGuessed()
    {
        await using var server = await StartAsync();
        Git("remote", "add", "paas", $"{server.Url}/blog.git");

        var run = await CliRun.RunInAsync(server.Environment, _checkout, null, "apps:destroy", "--force");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(server.Requests);
    }

    private static Task<FakePaasServer> StartAsync() => FakePaasServer.StartAsync(async c =>
    {
        if (c.Request.Path.Value!.EndsWith("/logs", StringComparison.Ordinal))
        {
            await c.Response.WriteAsync("web.1 v1 | hello\n");
            return;
        }

        await FakePaasServer.WriteJsonAsync(c, "{}");
    });

    private string Subfolder()
    {
        var folder = Path.Combine(_checkout, "src", "deep");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private void Git(params string[] arguments)
    {
        if (!Directory.Exists(Path.Combine(_checkout, ".git")))
        {
            RunGit("init", "-q");
        }

        RunGit(arguments);
    }

    private void RunGit(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _checkout, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start)!;
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {git.StandardError.ReadToEnd()}");
    }
}
