using System.Text.Json;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary><c>tokens:create|list|revoke</c> and <c>events:list</c> against the fake admin API.</summary>
public class TokensAndEventsCommandsTests
{
    [Fact]
    public async Task TokensCreate_SendsNameRoleAppsAndLifetime_PrintsTheTokenOnce()
    {
        await using var server = await FakePaasServer.StartAsync(c =>
        {
            c.Response.StatusCode = 201;
            return FakePaasServer.WriteJsonAsync(c, """{"token":"paas_abc","details":{"name":"ci","role":"deploy","apps":["blog","shop"],"createdAt":"2026-12-05T12:00:00Z"}}""");
        });

        var run = await CliRun.RunAsync(server.Environment, "tokens:create", "ci", "--role", "deploy", "--app", "blog", "--app", "shop", "--expires", "90d");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("-----> Created token ci (deploy, blog,shop)\n       Shown only now; keep it somewhere safe (use it as PAAS_TOKEN or as the git password):\npaas_abc\n", run.Stdout);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST /api/tokens", request.Line);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("ci", "deploy", "90d"), (body.GetProperty("name").GetString(), body.GetProperty("role").GetString(), body.GetProperty("expiresIn").GetString()));
        Assert.Equal(["blog", "shop"], body.GetProperty("apps").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task TokensList_ShowsEveryColumn_NeverAToken()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c,
            """[{"name":"ci","role":"deploy","apps":["blog"],"createdAt":"2026-12-05T12:00:00Z","lastUsedAt":null,"expiresAt":"2027-03-05T12:00:00Z"}]"""));

        var run = await CliRun.RunAsync(server.Environment, "tokens:list");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("NAME  ROLE    APPS  CREATED           LAST USED  EXPIRES", run.Stdout);
        Assert.Contains("ci    deploy  blog  2026-12-05 12:00  -          2027-03-05 12:00", run.Stdout);
    }

    [Fact]
    public async Task TokensRevoke_UnknownName_PrintsTheDetailAndExits1()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteProblemAsync(c, 404, "there is no token named 'x'"));

        var run = await CliRun.RunAsync(server.Environment, "tokens:revoke", "x");

        Assert.Equal((1, "", "there is no token named 'x'\n"), (run.ExitCode, run.Stdout, run.Stderr));
        Assert.Equal("DELETE /api/tokens/x", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task EventsList_OfOneApp_PrintsOneLinePerEntry()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c,
            """[{"sequence":7,"at":"2026-12-05T12:00:01Z","actor":"ci","source":"192.0.2.1","action":"UpdateConfig","app":"blog","outcome":"ok (200)","detail":"set A,B"}]"""));

        var run = await CliRun.RunAsync(server.Environment, "events:list", "--app", "blog");

        Assert.Equal((0, "2026-12-05T12:00:01Z ci 192.0.2.1 UpdateConfig blog ok (200) set A,B\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
        Assert.Equal("GET /api/events?limit=100&after=0&app=blog", Assert.Single(server.Requests).Line);
    }
}
