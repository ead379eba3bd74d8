using System.Text.Json;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// Build records (Dokku's builds:list / builds:output) through the real CLI: every push is listed
/// with its commit, builder, duration and result, its whole output can be read back, and only the
/// last Paas:Builds:Keep are kept.
/// </summary>
public sealed class BuildRecordsTests : IAsyncLifetime
{
    private readonly PaasNode _node = new(settings: ["--Paas:Builds:Keep=2"]);

    public Task InitializeAsync() => _node.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Pushes_AreListedWithCommitBuilderAndResult_TheirOutputReadBack_OnlyTheLastTwoKept()
    {
        const string app = "recorded";
        var cli = new PaasCli(_node);
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "v1");
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);
        await source.CommitAsync(AppSource.StaticSiteDockerfile("RUN echo 'this step breaks the build' && exit 7"), "v2", "broken");
        var broken = await source.HeadAsync();
        Assert.NotEqual(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);
        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "v3", "fixed");
        var fixedCommit = await source.HeadAsync();
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);

        using var list = JsonDocument.Parse(await cli.OkAsync("builds:list", app, "--json"));
        var builds = list.RootElement.EnumerateArray().ToList();
        Assert.Equal([2, 3], builds.Select(b => b.GetProperty("id").GetInt32()));
        Assert.Equal((broken, "failed"), (builds[0].GetProperty("commit").GetString(), builds[0].GetProperty("result").GetString()));
        Assert.Equal(JsonValueKind.Null, builds[0].GetProperty("release").ValueKind);
        Assert.Equal((fixedCommit, "succeeded", "dockerfile", 2), (builds[1].GetProperty("commit").GetString(), builds[1].GetProperty("result").GetString(),
            builds[1].GetProperty("builder").GetString(), builds[1].GetProperty("release").GetInt32()));
        Assert.True(builds[1].GetProperty("durationSeconds").GetDouble() > 0);

        var human = await cli.OkAsync("builds:list", app);
        Assert.Contains(fixedCommit[..7], human);
        Assert.Contains("succeeded", human);
        Assert.Contains("failed", human);

        var latest = await cli.OkAsync("builds:output", app);
        Assert.Contains("Application deployed", latest);
        var failed = await cli.OkAsync("builds:output", app, "2");
        Assert.Contains("this step breaks the build", failed);
        Assert.Contains("Build failed", failed);
        Assert.Contains("no build 1", await cli.FailsAsync("builds:output", app, "1"));
        Assert.Contains("does not exist", await cli.FailsAsync("builds:list", "no-such-app"));
    }
}
