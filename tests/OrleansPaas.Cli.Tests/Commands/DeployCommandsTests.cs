using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary><c>git:from-image</c> and <c>repo:purge-cache</c> end to end against the fake admin API.</summary>
public class DeployCommandsTests
{
    [Fact]
    public async Task FromImage_Succeeds_StreamsTheStepsAndExits0()
    {
        await using var server = await FakePaasServer.StartAsync(c => WriteNdjsonAsync(c,
            """{"stream":"stdout","text":"-----> Deploying registry.local/blog:1.2\n"}""",
            """{"stream":"stdout","text":"-----> Releasing blog v3\n"}""",
            """{"exitCode":0}"""));

        var run = await CliRun.RunAsync(server.Environment, "git:from-image", "blog", "registry.local/blog:1.2");

        Assert.Equal((0, "-----> Deploying registry.local/blog:1.2\n-----> Releasing blog v3\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST /api/apps/blog/deploy-image", request.Line);
        Assert.Equal("registry.local/blog:1.2", JsonDocument.Parse(request.Body).RootElement.GetProperty("image").GetString());
    }

    [Fact]
    public async Task FromImage_DeployFails_ExitsWithTheDeploysExitCode()
    {
        await using var server = await FakePaasServer.StartAsync(c => WriteNdjsonAsync(c,
            """{"stream":"stdout","text":"-----> Releasing blog v3\n"}""",
            """{"stream":"stderr","text":"web.1 did not start\n"}""",
            """{"exitCode":1}"""));

        var run = await CliRun.RunAsync(server.Environment, "git:from-image", "blog", "paas/blog:broken");

        Assert.Equal((1, "-----> Releasing blog v3\n", "web.1 did not start\n"), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Fact]
    public async Task FromImage_Json_PrintsTheStreamAsIs()
    {
        string[] lines = ["""{"stream":"stdout","text":"-----> Releasing blog v3\n"}""", """{"exitCode":2}"""];
        await using var server = await FakePaasServer.StartAsync(c => WriteNdjsonAsync(c, lines));

        var run = await CliRun.RunAsync(server.Environment, "git:from-image", "blog", "paas/blog:1", "--json");

        Assert.Equal((2, string.Join("\n", lines) + "\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Fact]
    public async Task FromImage_UnknownApp_PrintsTheDetailAloneOnStderrAndExits1()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteProblemAsync(c, 404, "app 'x' does not exist"));

        var run = await CliRun.RunAsync(server.Environment, "git:from-image", "x", "paas/x:1");

        Assert.Equal((1, "", "app 'x' does not exist\n"), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Fact]
    public async Task FromImage_StreamCutBeforeTheExitCode_FailsInsteadOfReportingSuccess()
    {
        await using var server = await FakePaasServer.StartAsync(c => WriteNdjsonAsync(c, """{"stream":"stdout","text":"-----> Releasing blog v3\n"}"""));

        var run = await CliRun.RunAsync(server.Environment, "git:from-image", "blog", "paas/blog:1");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("the deploy ended without an exit code; the connection to OrleansPaas was cut\n", run.Stderr);
    }

    [Fact]
    public async Task PurgeCache_SendsDeleteToTheAppsCacheAndSaysSo()
    {
        await using var server = await FakePaasServer.StartAsync(c =>
        {
            c.Response.StatusCode = 204;
            return Task.CompletedTask;
        });

        var run = await CliRun.RunAsync(server.Environment, "repo:purge-cache", "blog");

        Assert.Equal((0, "-----> Purged the build cache of blog\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
        Assert.Equal("DELETE /api/apps/blog/cache", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task PurgeCache_UnknownApp_PrintsTheDetailAloneOnStderrAndExits1()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteProblemAsync(c, 404, "app 'x' does not exist"));

        var run = await CliRun.RunAsync(server.Environment, "repo:purge-cache", "x");

        Assert.Equal((1, "", "app 'x' does not exist\n"), (run.ExitCode, run.Stdout, run.Stderr));
    }

    /// <summary>Writes and flushes one line at a time, as the server streams a deploy.</summary>
    private static async Task WriteNdjsonAsync(HttpContext context, params string[] lines)
    {
        context.Response.ContentType = "application/x-ndjson";
        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line + "\n");
            await context.Response.Body.FlushAsync();
        }
    }
}
