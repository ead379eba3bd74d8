using System.Net;
using System.Text.RegularExpressions;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>Apps without a Dockerfile: buildpacks, the Procfile, the release phase and git:from-image.</summary>
[Collection(NodeCollection.Name)]
public sealed class BuildpackTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;
    private PaasCli Cli => new(Node);

    [Fact]
    public async Task Push_NoDockerfile_DefaultBuildpackIsDetectedAndItsWebProcessServes()
    {
        var app = NodeFixture.NewAppName("static");
        using var source = await AppSource.CreateFilesAsync(("index.html", "static site\n"));

        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Contains("remote: -----> Static app detected", push.Output);
        Assert.Contains("remote:        copying the site into public/", push.Output);
        Assert.Equal((HttpStatusCode.OK, "static site\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
    }

    [Fact]
    public async Task Push_NothingDetects_FailsNamingTheBuildpacksTried()
    {
        var app = NodeFixture.NewAppName("undetected");
        using var source = await AppSource.CreateFilesAsync(("README", "no site here\n"));

        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("no buildpack detected; tried: " + TestBuildpacks.Static, push.Output);
        Assert.Empty(await Node.ContainersAsync(app));
    }

    [Fact]
    public async Task Push_TwoBuildpacksInDotBuildpacks_RunInOrderAndCacheDirPersistsUntilPurged()
    {
        var app = NodeFixture.NewAppName("multi");
        using var source = await AppSource.CreateFilesAsync(
            ("index.html", "multi\n"),
            (".buildpacks", $"{TestBuildpacks.Static}\n{TestBuildpacks.Counter}\n"));

        var first = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(first.Output.IndexOf("Static app detected", StringComparison.Ordinal) < first.Output.IndexOf("Counter app detected", StringComparison.Ordinal), first.Output);
        Assert.Contains("cache count 1", first.Output);
        // The first buildpack's release still names the web process; the second one's output is served too.
        Assert.Equal("build number 1\n", (await Node.GetAsync($"{app}.{PaasNode.Domain}", "/count.html")).Body);

        await source.CommitFilesAsync("again");
        var second = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("cache count 2", second.Output);

        await Cli.OkAsync("repo:purge-cache", app);
        await source.CommitFilesAsync("after purge");
        var third = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(third.Output.Contains("cache count 1"), third.Output);
    }

    [Fact]
    public async Task Push_EnvDir_ReceivesTheConfigVars()
    {
        var app = NodeFixture.NewAppName("envdir");
        await Cli.OkAsync("apps:create", app);
        await Cli.OkAsync("config:set", app, "GREETING=hello from config", "BUILDPACK_URL=" + TestBuildpacks.Environment, "--no-restart");
        using var source = await AppSource.CreateFilesAsync(
            ("index.html", "env\n"),
            ("Procfile", "web: httpd -f -p $PORT -h /app/public\n"));

        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Contains("EnvReader app detected", push.Output);
        Assert.Contains("GREETING from ENV_DIR is: hello from config", push.Output);
        Assert.Contains("BUILDPACK_URL", push.Output);
        Assert.Equal("hello from config", (await Node.GetAsync($"{app}.{PaasNode.Domain}", "/greeting.html")).Body);
    }

    [Fact]
    public async Task Push_BuildpackUrlFromLocalGitRepoWithRef_UsesThatRef()
    {
        var app = NodeFixture.NewAppName("pinned");
        var repository = await TestBuildpacks.VersionedRepositoryAsync();
        await Cli.OkAsync("apps:create", app);
        await Cli.OkAsync("config:set", app, $"BUILDPACK_URL={repository}#v1", "--no-restart");
        using var source = await AppSource.CreateFilesAsync(("app.txt", "anything\n"));

        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Contains("buildpack version one", push.Output);
        Assert.DoesNotContain("buildpack version two", push.Output);
        Assert.Equal("built by version one\n", (await Node.GetAsync($"{app}.{PaasNode.Domain}")).Body);

        await Cli.OkAsync("config:set", app, $"BUILDPACK_URL={repository}", "--no-restart");
        await source.CommitFilesAsync("unpinned");
        var unpinned = await source.PushAsync(Node.RemoteUrl(app));
        Assert.Contains("buildpack version two", unpinned.Output);
    }

    [Fact]
    public async Task Push_FailingCompile_FailsWithTheBuildpacksOutputAndOldReleaseServes()
    {
        var app = NodeFixture.NewAppName("explode");
        using var source = await AppSource.CreateFilesAsync(("index.html", "still here\n"));
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);

        await source.CommitFilesAsync("explode", (".buildpacks", TestBuildpacks.Exploding + "\n"));
        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("compile exploded on purpose", push.Output);
        Assert.Contains("failed to compile", push.Output);
        Assert.Equal((HttpStatusCode.OK, "still here\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
    }

    [Fact]
    public async Task Push_MalformedProcfile_FailsNamingTheLine()
    {
        var app = NodeFixture.NewAppName("procfile");
        using var source = await AppSource.CreateFilesAsync(
            ("index.html", "x\n"),
            ("Procfile", "web: httpd -f -p $PORT -h /app/public\nthis line is wrong\n"));

        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains("Procfile line 2 is not 'type: command': this line is wrong", push.Output);
    }

    [Fact]
    public async Task Procfile_WebAndWorker_WorkerScalesToTwoWithoutARoute()
    {
        var app = NodeFixture.NewAppName("workers");
        using var source = await AppSource.CreateFilesAsync(
            ("index.html", "web and workers\n"),
            ("Procfile", "web: httpd -f -p $PORT -h /app/public\nworker: while true; do echo working; sleep 5; done\n"));
        var push = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        // Formation defaults: web=1, every other type 0.
        Assert.Single(await Node.ContainersAsync(app));

        await Cli.OkAsync("ps:scale", app, "worker=2");

        var containers = await Node.ContainersAsync(app);
        Assert.Equal(2, containers.Count(c => c.Labels["paas.process"] == "worker" && c.State == "running"));
        Assert.All(containers.Where(c => c.Labels["paas.process"] == "worker"), c => Assert.DoesNotContain(c.Ports, p => p.PublicPort != 0));
        Assert.Contains("worker.2", await Cli.OkAsync("ps:report", app));
        Assert.Equal((HttpStatusCode.OK, "web and workers\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
        var logs = await Poll.UntilAsync(() => Cli.RunAsync("logs", app, "-n", "20"), r => Regex.IsMatch(r.StandardOutput, @"worker\.2 v\d+ \| working"),
            TimeSpan.FromSeconds(30), "the second worker's output");
        Assert.Matches(@"worker\.1 v\d+ \| working", logs.StandardOutput);
    }

    [Fact]
    public async Task ReleasePhase_RunsBeforeNewInstancesAndItsFailureAbortsTheDeploy()
    {
        var app = NodeFixture.NewAppName("release");
        using var source = await AppSource.CreateFilesAsync(
            ("index.html", "release v1\n"),
            ("Procfile", "web: httpd -f -p $PORT -h /app/public\nrelease: echo migrating the database for $PORT\n"));

        var ok = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(ok.ExitCode == 0, ok.Output);
        Assert.Contains("Running release command", ok.Output);
        Assert.Contains("migrating the database for 5000", ok.Output);
        Assert.True(ok.Output.IndexOf("migrating the database", StringComparison.Ordinal) < ok.Output.IndexOf("Starting web.1", StringComparison.Ordinal), ok.Output);

        await source.CommitFilesAsync("bad migration",
            ("index.html", "release v2\n"),
            ("Procfile", "web: httpd -f -p $PORT -h /app/public\nrelease: echo migration failed; exit 5\n"));
        var failed = await source.PushAsync(Node.RemoteUrl(app));

        Assert.NotEqual(0, failed.ExitCode);
        Assert.Contains("migration failed", failed.Output);
        Assert.Contains("Release command failed (exit code 5)", failed.Output);
        Assert.Equal((HttpStatusCode.OK, "release v1\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
        Assert.Equal("v1", Assert.Single(await Node.ContainersAsync(app)).Labels["paas.release"]);
    }

    [Fact]
    public async Task GitFromImage_PrebuiltImage_IsDeployedWithoutABuild()
    {
        var app = NodeFixture.NewAppName("fromimage");
        var image = $"paas-test/prebuilt-{app}:1";
        using var site = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile("EXPOSE 6000"), "prebuilt image");
        var build = await ProcessRunner.RunAsync("docker", ["build", "-q", "-t", image, site.Path]);
        Assert.True(build.ExitCode == 0, build.Output);
        try
        {
            await Cli.OkAsync("apps:create", app);

            var deploy = await Cli.RunAsync("git:from-image", app, image);

            Assert.True(deploy.ExitCode == 0, deploy.ToString());
            Assert.Contains($"Deploying image {image}", deploy.StandardOutput);
            Assert.DoesNotContain("Step 1/", deploy.StandardOutput);
            Assert.Equal((HttpStatusCode.OK, "prebuilt image\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
            Assert.Contains("PORT=6000", (await Node.GetAsync($"{app}.{PaasNode.Domain}", "/cgi-bin/env")).Body);
            Assert.Contains($"Deploy image {image}", await Cli.OkAsync("releases", app));

            var missing = await Cli.RunAsync("git:from-image", app, "paas-test/not-here:404");
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains("is on no node of the cluster", missing.Output);
            Assert.Equal((HttpStatusCode.OK, "prebuilt image\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
        }
        finally
        {
            await ProcessRunner.RunAsync("docker", ["rmi", "-f", image]);
        }
    }
}
