using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary><c>services:*</c> against the fake admin API: the routes and bodies they send, and what they print.</summary>
public class ServicesCommandsTests
{
    private const string Service = """
        {"name":"cache","kind":"redis","image":"redis:7-alpine","version":"7","node":"n1","status":"running","volume":"paas-service-cache-data",
         "host":"paas-service-cache","port":6379,"links":[{"app":"blog","variable":"CACHE_URL"}],"createdAt":"2026-01-01T00:00:00+00:00"}
        """;

    [Fact]
    public async Task Create_SendsKindNameAndVersion()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Service));

        var run = await CliRun.RunAsync(server.Environment, "services:create", "redis", "cache", "--version", "7");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST /api/services", request.Line);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("redis", "cache", "7"), (body.GetProperty("kind").GetString(), body.GetProperty("name").GetString(), body.GetProperty("version").GetString()));
        Assert.StartsWith("-----> Created redis service cache (redis:7-alpine) on node n1\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_PutsTheAppWithTheVariable()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Service));

        var run = await CliRun.RunAsync(server.Environment, "services:link", "cache", "blog", "--as", "CACHE_URL");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT /api/services/cache/links/blog", request.Line);
        Assert.Equal("CACHE_URL", JsonDocument.Parse(request.Body).RootElement.GetProperty("as").GetString());
        Assert.Equal("-----> Linked cache to blog as CACHE_URL\n", run.Stdout);
    }

    [Fact]
    public async Task Destroy_Linked_PrintsTheServersSentence()
    {
        await using var server = await FakePaasServer.StartAsync(c =>
            FakePaasServer.WriteProblemAsync(c, 409, "'cache' is linked to blog; unlink first, or destroy with --force to unlink them"));

        var run = await CliRun.RunAsync(server.Environment, "services:destroy", "cache");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("DELETE /api/services/cache?force=false", Assert.Single(server.Requests).Line);
        Assert.Contains("is linked to blog", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Info_ShowsKindVersionNodeStatusVolumeAndLinks()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Service));

        var run = await CliRun.RunAsync(server.Environment, "services:info", "cache");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Equal("GET /api/services/cache", Assert.Single(server.Requests).Line);
        foreach (var expected in new[] { "=====> cache service information", "redis", "running", "paas-service-cache-data", "blog (CACHE_URL)", "paas-service-cache:6379" })
        {
            Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Move_PostsTheNode_RelaysTheStepsAndTheFailure_ExitsOne()
    {
        await using var server = await FakePaasServer.StartAsync(c => WriteNdjsonAsync(c,
            """{"stream":"stdout","text":"-----> Moving service cache from node n1 to node n2\n"}""",
            """{"stream":"stderr","text":"services:move of cache failed: the image is not on node n2; it serves on node n1 as before\n"}""",
            """{"exitCode":1}"""));

        var run = await CliRun.RunAsync(server.Environment, "services:move", "cache", "n2");

        Assert.Equal(1, run.ExitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST /api/services/cache/move", request.Line);
        Assert.Equal("n2", JsonDocument.Parse(request.Body).RootElement.GetProperty("node").GetString());
        Assert.Contains("Moving service cache from node n1 to node n2", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("it serves on node n1 as before", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreNode_PostsTheIdAndNode_PrintsARefusal()
    {
        await using var server = await FakePaasServer.StartAsync(c =>
            FakePaasServer.WriteProblemAsync(c, 409, "service 'cache' runs on node n1, which is alive: to change its node without losing writes, use services:move cache n2"));

        var run = await CliRun.RunAsync(server.Environment, "services:restore", "cache", "20261205-030000-a1b2c3", "--node", "n2");

        Assert.Equal(1, run.ExitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST /api/services/cache/restore", request.Line);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("20261205-030000-a1b2c3", "n2"), (body.GetProperty("id").GetString(), body.GetProperty("node").GetString()));
        Assert.Contains("use services:move cache n2", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreNode_WithInto_IsRefusedBeforeAnyRequest()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Service));

        var run = await CliRun.RunAsync(server.Environment, "services:restore", "cache", "id1", "--node", "n2", "--into", "cache2");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(server.Requests);
        Assert.Contains("goes with neither --from nor --into", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task WriteNdjsonAsync(HttpContext context, params string[] lines)
    {
        context.Response.ContentType = "application/x-ndjson";
        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line + "\n");
        }
    }
}
