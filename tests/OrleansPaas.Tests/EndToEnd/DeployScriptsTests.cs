using System.Net;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// app.json's deploy scripts and formation on a real node: postdeploy's output in the push, the first
/// deploy's scale; a failing predeploy fails the push before any new instance starts, and the old
/// release keeps serving.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class DeployScriptsTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Push_PredeployFails_TheDeployFails_TheOldReleaseKeepsServingAtItsScale()
    {
        var app = NodeFixture.NewAppName("scripts");
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "v1");
        await source.CommitFilesAsync("scripts and formation", ("app.json", """
            {"formation": {"web": {"quantity": 2}}, "scripts": {"dokku": {"predeploy": "echo pre-$APP_MARK", "postdeploy": "echo post-ran; exit 4"}}}
            """));
        await new PaasCli(Node).OkAsync("apps:create", app);
        await new PaasCli(Node).OkAsync("config:set", "--no-restart", app, "APP_MARK=marked");

        var first = await source.PushAsync(Node.RemoteUrl(app));

        Assert.True(first.ExitCode == 0, first.Output);
        // The scripts ran with the app's config; postdeploy's failure is reported, and the release stays.
        Assert.Contains("pre-marked", first.Output);
        Assert.Contains("post-ran", first.Output);
        Assert.Contains("The postdeploy command failed (exit code 4)", first.Output);
        Assert.Equal(2, (await Node.ContainersAsync(app)).Count);

        await source.CommitFilesAsync("a predeploy that fails",
            ("www/index.html", "v2\n"),
            ("app.json", """{"formation": {"web": {"quantity": 1}}, "scripts": {"dokku": {"predeploy": "echo migrating; exit 3"}}}"""));
        var second = await source.PushAsync(Node.RemoteUrl(app));

        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("migrating", second.Output);
        Assert.Contains("The predeploy command failed (exit code 3); the deploy was aborted", second.Output);
        Assert.Equal((HttpStatusCode.OK, "v1\n"), await Node.GetAsync(host));
        var running = await Node.ContainersAsync(app);
        // Nothing of v2 started, and app.json's formation is not applied again after the first deploy.
        Assert.Equal(2, running.Count);
        Assert.All(running, c => Assert.Equal("v1", c.Labels["paas.release"]));
    }
}
