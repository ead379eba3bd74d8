using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests;

/// <summary>The CLI end to end, in-process, against a fake admin API on a loopback port.</summary>
public class ProgramTests
{
    [Fact]
    public async Task RunAsync_UnknownApp_PrintsTheDetailAloneOnStderrAndExits1()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteProblemAsync(c, 404, "app 'x' does not exist"));

        var run = await CliRun.RunAsync(server.Environment, "apps:info", "x");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("app 'x' does not exist\n", run.Stderr);
        Assert.Equal("", run.Stdout);
        Assert.Equal("GET /api/apps/x", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task RunAsync_RunCommand_RelaysBothStreamsAndExitsWithTheRemoteExitCode()
    {
        await using var server = await FakePaasServer.StartAsync(async c =>
        {
            c.Response.ContentType = "application/x-ndjson";
            foreach (var line in new[]
            {
                """{"stream":"stdout","text":"hi\n"}""",
                """{"stream":"stderr","text":"oops\n"}""",
                """{"stream":"stdout","text":"bye"}""",
                """{"exitCode":3}""",
            })
            {
                await c.Response.WriteAsync(line + "\n");
                await c.Response.Body.FlushAsync();
            }
        });

        var run = await CliRun.RunAsync(server.Environment, "run", "blog", "--", "sh", "-c", "echo hi; echo oops >&2; exit 3", "--json");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("hi\nbye", run.Stdout);
        Assert.Equal("oops\n", run.Stderr);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST /api/apps/blog/run", request.Line);
        var command = JsonDocument.Parse(request.Body).RootElement.GetProperty("command").EnumerateArray().Select(e => e.GetString());
        Assert.Equal(["sh", "-c", "echo hi; echo oops >&2; exit 3", "--json"], command);
    }

    [Fact]
    public async Task RunAsync_JsonOption_PrintsTheApiJsonUnchanged()
    {
        const string json = """[{"name":"blog","url":"http://blog.localhost","status":"running","release":3,"instances":1,"extra":{"kept":true}}]""";
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, json));

        var run = await CliRun.RunAsync(server.Environment, "apps:list", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(json + "\n", run.Stdout);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task RunAsync_AppsListHuman_PrintsDokkuHeaderAndAlignedTable()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c,
            """[{"name":"www.somekindasite.com","url":"http://www.somekindasite.com","status":"stopped","release":null,"instances":0},{"name":"blog","url":"http://blog.localhost","status":"sleeping","release":3,"instances":0,"sleepAfter":"30m","lastWakeAt":null}]"""));

        var run = await CliRun.RunAsync(server.Environment, "apps:list");

        Assert.Equal(
            """
            =====> My Apps
            NAME                   STATUS    RELEASE  INSTANCES  SLEEP AFTER  LAST WAKE  URL
            blog                   sleeping  v3       0          30m          -          http://blog.localhost
            www.somekindasite.com  stopped   -        0          off          -          http://www.somekindasite.com

            """.ReplaceLineEndings("\n"),
            run.Stdout);
    }

    [Fact]
    public async Task RunAsync_WrongToken_SaysToSetPaasToken()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, "[]"));
        var environment = server.Environment;
        environment["PAAS_TOKEN"] = "wrong";

        var run = await CliRun.RunAsync(environment, "apps:list");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("the token was refused; set PAAS_TOKEN to the admin token\n", run.Stderr);
        Assert.Equal("Bearer wrong", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task RunAsync_ServerNotListening_SaysItCannotReachTheUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();

        var run = await CliRun.RunAsync(new Dictionary<string, string> { ["PAAS_URL"] = url, ["PAAS_TOKEN"] = "t" }, "apps:list");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"cannot reach OrleansPaas at {url}: ", run.Stderr);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task RunAsync_DestroyWithoutForce_RefusesWithoutCallingTheServer()
    {
        await using var server = await FakePaasServer.StartAsync(c => Task.CompletedTask);

        var run = await CliRun.RunAsync(server.Environment, "apps:destroy", "blog");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("apps:destroy needs --force; this removes containers, images, repository and state of 'blog'\n", run.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task RunAsync_DestroyWithForce_SendsTheNameAsConfirmation()
    {
        await using var server = await FakePaasServer.StartAsync(c =>
        {
            c.Response.StatusCode = 204;
            return Task.CompletedTask;
        });

        var run = await CliRun.RunAsync(server.Environment, "apps:destroy", "blog", "--force");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("DELETE /api/apps/blog?confirm=blog", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task RunAsync_ConfigSet_SendsValuesVerbatimAndHonoursNoRestart()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, """{"vars":{},"release":null}"""));

        var run = await CliRun.RunAsync(server.Environment, "config:set", "blog", "URL=a=b c", "MULTI=one\ntwo", "@AT=@x", "--no-restart");

        Assert.Equal(0, run.ExitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("PATCH /api/apps/blog/config", request.Line);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("a=b c", body.GetProperty("set").GetProperty("URL").GetString());
        Assert.Equal("one\ntwo", body.GetProperty("set").GetProperty("MULTI").GetString());
        Assert.Equal("@x", body.GetProperty("set").GetProperty("@AT").GetString());
        Assert.False(body.GetProperty("restart").GetBoolean());
        Assert.False(body.TryGetProperty("unset", out _));
    }

    [Fact]
    public async Task RunAsync_ScaleWithMalformedPair_FailsBeforeAnyCall()
    {
        await using var server = await FakePaasServer.StartAsync(c => Task.CompletedTask);

        var run = await CliRun.RunAsync(server.Environment, "ps:scale", "blog", "web=2", "worker");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("'worker' is not TYPE=COUNT, e.g. web=2\n", run.Stderr);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task RunAsync_ConfigGet_PrintsTheRawValueOrExits1WhenUnset()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, """{"vars":{"A":"x=1 y"}}"""));

        var set = await CliRun.RunAsync(server.Environment, "config:get", "blog", "A");
        var unset = await CliRun.RunAsync(server.Environment, "config:get", "blog", "B");

        Assert.Equal((0, "x=1 y\n"), (set.ExitCode, set.Stdout));
        Assert.Equal((1, "", "config var 'B' is not set for 'blog'\n"), (unset.ExitCode, unset.Stdout, unset.Stderr));
    }

    [Fact]
    public async Task RunAsync_ConfigShow_PrintsDokkuHeaderAndAlignedVars()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, """{"vars":{"PORT":"5000","DATABASE_URL":"postgres://db"}}"""));

        var run = await CliRun.RunAsync(server.Environment, "config:show", "blog");

        Assert.Equal("=====> blog env vars\nDATABASE_URL:  postgres://db\nPORT:          5000\n", run.Stdout);
    }

    [Fact]
    public async Task RunAsync_Logs_StreamsTheTextAndAsksForLinesAndFollow()
    {
        await using var server = await FakePaasServer.StartAsync(async c =>
        {
            c.Response.ContentType = "text/plain";
            await c.Response.WriteAsync("web.1 | listening on 5000\n");
            await c.Response.Body.FlushAsync();
            await c.Response.WriteAsync("web.1 | GET /\n");
        });

        var run = await CliRun.RunAsync(server.Environment, "logs", "blog", "-n", "5", "-t");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("web.1 | listening on 5000\nweb.1 | GET /\n", run.Stdout);
        Assert.Equal("GET /api/apps/blog/logs?lines=5&follow=true", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task RunAsync_LogsFollowInterruptedByCtrlC_Exits0()
    {
        await using var server = await FakePaasServer.StartAsync(async c =>
        {
            await c.Response.WriteAsync("web.1 | up\n");
            await c.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, c.RequestAborted);
        });
        // Generous: on a loaded machine the first line can take a while to reach the CLI.
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var run = await CliRun.RunAsync(server.Environment, ctrlC.Token, "logs", "blog", "-t");

        Assert.Equal((0, "web.1 | up\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Fact]
    public async Task RunAsync_Releases_PrintsTableWithCurrentMarker()
    {
        var now = DateTimeOffset.UtcNow;
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, $$"""
            [{"version":2,"description":"Deploy 1a2b3c4","status":"failed","createdAt":"{{now.AddMinutes(-5):O}}","current":false},
             {"version":1,"description":"Deploy 9f8e7d6","status":"deployed","createdAt":"{{now.AddHours(-3).AddMinutes(-1):O}}","current":true}]
            """));

        var run = await CliRun.RunAsync(server.Environment, "releases", "blog");

        Assert.Equal(
            """
            =====> blog releases
               VERSION  DESCRIPTION     STATUS    WHEN
               v2       Deploy 1a2b3c4  failed    5 minutes ago
            *  v1       Deploy 9f8e7d6  deployed  3 hours ago

            """.ReplaceLineEndings("\n"),
            run.Stdout);
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_PrintsOneLineAndExits1()
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string>(), "frob");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("'frob' is not a paas command (see 'paas --help')\n", run.Stderr);
    }
}
