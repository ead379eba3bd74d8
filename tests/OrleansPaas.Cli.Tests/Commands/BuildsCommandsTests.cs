using Microsoft.AspNetCore.Http;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary><c>builds:list</c> and <c>builds:output</c> against a fake API.</summary>
public class BuildsCommandsTests
{
    [Fact]
    public async Task BuildsList_PrintsNewestFirst_ShortCommitOrImage_DurationAndRelease()
    {
        var now = DateTimeOffset.UtcNow;
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, $$"""
            [{"id":4,"commit":"1a2b3c4d5e6f","image":null,"builder":"dockerfile","startedAt":"{{now.AddHours(-2):O}}","finishedAt":"{{now.AddHours(-2).AddSeconds(12.3):O}}","durationSeconds":12.3,"result":"succeeded","release":3,"node":"n1"},
             {"id":5,"commit":"9f8e7d6c5b4a","image":null,"builder":"","startedAt":"{{now.AddMinutes(-5):O}}","finishedAt":"{{now.AddMinutes(-5).AddSeconds(2):O}}","durationSeconds":2.0,"result":"failed","release":null,"node":"n1"},
             {"id":6,"commit":"","image":"registry.example/web:1","builder":"image","startedAt":"{{now:O}}","finishedAt":null,"durationSeconds":null,"result":"running","release":null,"node":"n2"}]
            """));

        var run = await CliRun.RunAsync(server.Environment, "builds:list", "blog");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Equal(
            """
            =====> blog builds
            ID  SOURCE                  BUILDER     STARTED        DURATION  RESULT     RELEASE
            6   registry.example/web:1  image       just now       -         running    -
            5   9f8e7d6                 -           5 minutes ago  2.0s      failed     -
            4   1a2b3c4                 dockerfile  2 hours ago    12.3s     succeeded  v3

            """.ReplaceLineEndings("\n"),
            run.Stdout);
        Assert.Equal("GET /api/apps/blog/builds", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task BuildsList_ARebuild_SaysWhichReleaseItMadeAgain()
    {
        var now = DateTimeOffset.UtcNow;
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, $$"""
            [{"id":7,"commit":"1a2b3c4d5e6f","image":null,"builder":"dockerfile","startedAt":"{{now:O}}","finishedAt":"{{now.AddSeconds(4):O}}","durationSeconds":4.0,"result":"succeeded","release":3,"node":"n2","rebuildOf":3}]
            """));

        var run = await CliRun.RunAsync(server.Environment, "builds:list", "blog");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Contains("7   1a2b3c4 (rebuild of v3)  dockerfile", run.Stdout);
    }

    [Fact]
    public async Task BuildsOutput_WithoutId_AsksForTheLatest_PrintsTheTextAsItIs()
    {
        await using var server = await FakePaasServer.StartAsync(async c =>
        {
            c.Response.ContentType = "text/plain; charset=utf-8";
            await c.Response.WriteAsync("-----> Building blog\n=====> Application deployed: http://blog.localhost\n");
        });

        var run = await CliRun.RunAsync(server.Environment, "builds:output", "blog");
        var numbered = await CliRun.RunAsync(server.Environment, "builds:output", "blog", "4");

        Assert.Equal((0, "-----> Building blog\n=====> Application deployed: http://blog.localhost\n"), (run.ExitCode, run.Stdout));
        Assert.Equal(0, numbered.ExitCode);
        Assert.Equal(["GET /api/apps/blog/builds/latest/output", "GET /api/apps/blog/builds/4/output"], server.Requests.Select(r => r.Line));
    }
}
