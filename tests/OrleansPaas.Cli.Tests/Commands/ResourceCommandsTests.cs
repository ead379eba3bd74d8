using System.Text.Json;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary><c>resource:limit|limit-clear|report</c> end to end against the fake admin API.</summary>
public class ResourceCommandsTests
{
    private const string Limited = """
        {"cpu":"0.5","cpuSource":"app","memory":"256m","memoryBytes":268435456,"memorySource":"app","pidsLimit":512,
         "capabilities":["CHOWN","NET_BIND_SERVICE"],"noNewPrivileges":true,"disk":null}
        """;

    private const string Defaults = """
        {"cpu":"1","cpuSource":"default","memory":"512m","memoryBytes":536870912,"memorySource":"default","pidsLimit":512,
         "capabilities":["CHOWN","NET_BIND_SERVICE"],"noNewPrivileges":true,"disk":"2g"}
        """;

    [Fact]
    public async Task Limit_PutsTheValuesAsWrittenAndShowsTheReport()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Limited));

        var run = await CliRun.RunAsync(server.Environment, "resource:limit", "blog", "--cpu", "0.5", "--memory", "256m");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT /api/apps/blog/resources/limits", request.Line);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("0.5", "256m"), (body.GetProperty("cpu").GetString(), body.GetProperty("memory").GetString()));
        Assert.Equal("""
            -----> Set cpu 0.5, memory 256m for blog
            =====> blog resource information
                   Limit cpu:          0.5
                   Limit memory:       256m
                   Limit pids:         512
                   Limit disk:         none
                   Capabilities:       CHOWN NET_BIND_SERVICE
                   No new privileges:  true

            """, run.Stdout);
    }

    [Fact]
    public async Task Limit_OnlyCpu_LeavesMemoryOutOfTheBody()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Limited));

        var run = await CliRun.RunAsync(server.Environment, "resource:limit", "blog", "--cpu", "0.5");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("""{"cpu":"0.5"}""", Assert.Single(server.Requests).Body);
    }

    [Fact]
    public async Task LimitWithoutOptions_ShowsTheLimitsAndChangesNothing()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Defaults));

        var run = await CliRun.RunAsync(server.Environment, "resource:limit", "blog");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Equal("GET /api/apps/blog/resources", Assert.Single(server.Requests).Line);
        Assert.Contains("Limit cpu:          1 (default)\n", run.Stdout);
        Assert.Contains("Limit disk:         2g\n", run.Stdout);
    }

    [Fact]
    public async Task Report_GetsTheResourcesAndJsonIsTheDocumentAsIs()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Defaults));

        var run = await CliRun.RunAsync(server.Environment, "resource:report", "blog", "--json");

        Assert.Equal((0, Defaults.TrimEnd() + "\n", ""), (run.ExitCode, run.Stdout, run.Stderr));
        Assert.Equal("GET /api/apps/blog/resources", Assert.Single(server.Requests).Line);
    }

    [Fact]
    public async Task LimitClear_DeletesTheLimits()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Defaults));

        var run = await CliRun.RunAsync(server.Environment, "resource:limit-clear", "blog");

        Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
        Assert.Equal("DELETE /api/apps/blog/resources/limits", Assert.Single(server.Requests).Line);
        Assert.StartsWith("-----> Cleared the resource limits of blog\n=====> blog resource information\n", run.Stdout);
        Assert.Contains("Limit memory:       512m (default)\n", run.Stdout);
    }

    [Fact]
    public async Task ServerRefuses_PrintsTheDetailAloneOnStderrAndExits1()
    {
        const string detail = "--cpu 4 is more than the 2 cores of the largest node";
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteProblemAsync(c, 400, detail));

        var run = await CliRun.RunAsync(server.Environment, "resource:limit", "blog", "--cpu", "4");

        Assert.Equal((1, "", detail + "\n"), (run.ExitCode, run.Stdout, run.Stderr));
    }
}
