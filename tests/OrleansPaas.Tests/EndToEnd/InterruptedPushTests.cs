using System.Net;
using System.Net.Http.Headers;
using Docker.DotNet.Models;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// Pushes that do not end as planned: the pusher leaves (Ctrl-C, a dropped connection) or the app
/// is destroyed mid-push. What runs afterwards is always the branch's head, and a destroyed app
/// leaves nothing behind.
/// </summary>
public sealed class InterruptedPushTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(60);
    private PaasNode Node => fixture.Node;

    // Markers are printed as $((1+1)) is computed, so only the running step's own output matches
    // them, not the line announcing the step.

    [Fact]
    public async Task Push_InterruptedDuringTheBuild_IsAbandoned_OldReleaseAndBranchStay_NextPushIsNotHeldUp()
    {
        var app = NodeFixture.NewAppName("ctrl-c");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "v1");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        var v1 = await source.HeadAsync();

        await source.CommitAsync(AppSource.StaticSiteDockerfile("RUN echo slow-build-$((1+1)) && sleep 597"), "v2", "a slow build");
        using (var push = source.StartPush(Node.RemoteUrl(app)))
        {
            await push.WaitForOutputAsync("slow-build-2", TimeSpan.FromMinutes(2));
            push.Kill();
        }

        // The build is stopped, not left to run its ten minutes.
        await Poll.UntilAsync(async () => !await IsRunningAsync("sleep 597"), Soon, "the abandoned build's container to stop");
        Assert.Equal((HttpStatusCode.OK, "v1\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
        await Poll.UntilAsync(async () => await RemoteHeadAsync(source, app) == v1, Soon, "the branch to stay at v1");

        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "v3", "quick");
        var next = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(next.ExitCode == 0, next.Output);
        Assert.DoesNotContain("Waiting for", next.Output);
        Assert.Equal((HttpStatusCode.OK, "v3\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
        Assert.Equal(await source.HeadAsync(), await RemoteHeadAsync(source, app));
    }

    [Fact]
    public async Task Push_InterruptedOnceItsDeployHasBegun_Finishes_AndTheBranchIsTheDeployedCommit()
    {
        var app = NodeFixture.NewAppName("late-ctrl-c");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "v1");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);

        // The release phase runs after the build, as part of the deploy: past the point of no return.
        await source.CommitFilesAsync("v2 with a release phase",
            ("www/index.html", "v2\n"),
            ("Procfile", "web: httpd -f -p $PORT -h /www\nrelease: echo release-phase-$((1+1)) && sleep 8\n"));
        var v2 = await source.HeadAsync();
        using (var push = source.StartPush(Node.RemoteUrl(app)))
        {
            await push.WaitForOutputAsync("release-phase-2", TimeSpan.FromMinutes(2));
            push.Kill();
        }

        await Node.WaitForContentAsync($"{app}.{PaasNode.Domain}", "v2");
        await Poll.UntilAsync(async () => await RemoteHeadAsync(source, app) == v2, Soon, "the branch to move to the deployed commit");
    }

    [Fact]
    public async Task Destroy_DuringAPush_StopsTheBuild_LeavesNoContainerRouteOrImage_APushAfterwardsStartsAfresh()
    {
        var app = NodeFixture.NewAppName("doomed");
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "v1");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        await source.CommitAsync(AppSource.StaticSiteDockerfile("RUN echo doomed-build-$((1+1)) && sleep 598"), "v2", "a slow build");

        using var push = source.StartPush(Node.RemoteUrl(app));
        await push.WaitForOutputAsync("doomed-build-2", TimeSpan.FromMinutes(2));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(90) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Node.Token);
        using var destroy = await http.DeleteAsync($"{Node.ControlUrl}/api/apps/{app}?confirm={app}");

        Assert.Equal(HttpStatusCode.NoContent, destroy.StatusCode);
        var pushed = await push.WaitForExitAsync(Soon);
        Assert.NotEqual(0, pushed.ExitCode);
        Assert.Contains("being destroyed", pushed.Output);
        Assert.False(await IsRunningAsync("sleep 598"));
        Assert.Empty(await Node.ContainersAsync(app));
        Assert.Equal(HttpStatusCode.NotFound, (await Node.GetAsync($"{app}.{PaasNode.Domain}")).Status);
        Assert.Empty(await ImagesAsync(app));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{Node.ControlUrl}/api/apps/{app}")).StatusCode);

        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "v3", "quick");
        var again = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Equal((HttpStatusCode.OK, "v3\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
        using var releases = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"{Node.ControlUrl}/api/apps/{app}/releases"));
        Assert.Equal(1, releases.RootElement.GetArrayLength());
    }

    private async Task<string> RemoteHeadAsync(AppSource source, string app) =>
        (await source.GitAsync("ls-remote", Node.RemoteUrl(app), "refs/heads/main")).Output.Split('\t')[0].Trim();

    private static async Task<bool> IsRunningAsync(string command)
    {
        using var docker = PaasNode.Docker();
        var running = await docker.Containers.ListContainersAsync(new ContainersListParameters());
        return running.Any(c => c.Command.Contains(command, StringComparison.Ordinal));
    }

    private static async Task<IList<ImagesListResponse>> ImagesAsync(string app)
    {
        using var docker = PaasNode.Docker();
        return await docker.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [$"paas/{app}"] = true } },
        });
    }
}
