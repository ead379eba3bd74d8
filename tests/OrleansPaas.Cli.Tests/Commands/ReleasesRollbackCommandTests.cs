using System.Text.Json;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary><c>releases:rollback</c> end to end against the fake admin API.</summary>
public class ReleasesRollbackCommandTests
{
    private const string RolledBack = """
        {"name":"blog","url":"http://blog.localhost","status":"running","createdAt":"2026-11-28T10:00:00+00:00",
         "release":{"version":5,"description":"Rollback to v3","image":"paas/blog:v3","status":"deployed","current":true},
         "domains":[],"formation":{"web":1},"instances":[],"configVars":2,"imageBytes":12345}
        """;

    [Theory]
    [InlineData("v3")]
    [InlineData("3")]
    [InlineData("V3")]
    public async Task WithVersion_PostsTheVersionAndSaysWhereItIsNow(string version)
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, RolledBack));

        var run = await CliRun.RunAsync(server.Environment, "releases:rollback", "blog", version);

        Assert.Equal((0, "-----> Rolled back blog to v3 (now v5)\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST /api/apps/blog/releases/rollback", request.Line);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(3, body.GetProperty("version").GetInt32());
        Assert.Single(body.EnumerateObject());
    }

    [Fact]
    public async Task WithoutVersion_PostsAnEmptyObjectAndSaysThePreviousRelease()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, RolledBack));

        var run = await CliRun.RunAsync(server.Environment, "releases:rollback", "blog");

        Assert.Equal((0, "-----> Rolled back blog to the previous release (now v5)\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST /api/apps/blog/releases/rollback", request.Line);
        Assert.Equal("{}", request.Body);
    }

    [Fact]
    public async Task Json_PrintsTheApiDocumentAsIs()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, RolledBack));

        var run = await CliRun.RunAsync(server.Environment, "releases:rollback", "blog", "v3", "--json");

        Assert.Equal((0, RolledBack.TrimEnd() + "\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
    }

    [Theory]
    [InlineData("v0")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("v-1")]
    [InlineData("+3")]
    [InlineData("v")]
    [InlineData("vv3")]
    [InlineData("3.0")]
    [InlineData(" 3")]
    [InlineData("latest")]
    [InlineData("99999999999")]
    public async Task BadVersion_RefusedInOneLineBeforeAnyCall(string version)
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, RolledBack));

        var run = await CliRun.RunAsync(server.Environment, "releases:rollback", "blog", version);

        Assert.Equal((1, ""), (run.ExitCode, run.Stdout));
        Assert.Equal($"'{version}' is not a release version; give vN or N with N >= 1, e.g. v3 (see 'paas releases')\n", run.Stderr);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData(400, "release v9 does not exist for app 'blog'")]
    [InlineData(422, "the deploy of v6 failed: web.1 exited with code 1; v5 keeps serving")]
    public async Task ServerRefuses_PrintsTheDetailAloneOnStderrAndExits1(int status, string detail)
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteProblemAsync(c, status, detail));

        var run = await CliRun.RunAsync(server.Environment, "releases:rollback", "blog", "v9");

        Assert.Equal((1, "", detail + "\n"), (run.ExitCode, run.Stdout, run.Stderr));
    }
}
