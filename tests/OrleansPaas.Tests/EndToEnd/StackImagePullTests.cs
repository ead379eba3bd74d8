using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>A buildpack app on a node that lacks its stack image: the image is pulled from its registry, its progress in the push output.</summary>
[Collection(NodeCollection.Name)]
public sealed class StackImagePullTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Push_StackImageMissing_PulledFromItsRegistryWithProgressInThePushOutput()
    {
        using var registry = await LocalRegistry.StartAsync();
        var stack = $"{registry.Host}/paas-test/stack:{Guid.NewGuid().ToString("N")[..8]}";
        await PublishStackAsync(stack);
        Assert.Null(await TestImage.IdOfAsync(stack));

        var app = NodeFixture.NewAppName("pulled");
        var cli = new PaasCli(Node);
        await cli.OkAsync("apps:create", app);
        await cli.OkAsync("config:set", app, "PAAS_STACK_BUILD_IMAGE=" + stack, "PAAS_STACK_RUN_IMAGE=" + stack, "--no-restart");
        using var source = await AppSource.CreateFilesAsync(("index.html", "on a pulled stack\n"));
        try
        {
            var push = await source.PushAsync(Node.RemoteUrl(app));

            Assert.True(push.ExitCode == 0, push.Output);
            Assert.Contains($"remote: -----> Pulling stack image {stack}", push.Output);
            Assert.Contains(": Pull complete", push.Output);
            Assert.Contains($"remote:        pulled {stack}", push.Output);
            Assert.Equal((HttpStatusCode.OK, "on a pulled stack\n"), await Node.GetAsync($"{app}.{PaasNode.Domain}"));
            Assert.NotNull(await TestImage.IdOfAsync(stack));
        }
        finally
        {
            await cli.RunAsync("apps:destroy", app, "--force");
            await RemoveAsync(stack);
        }
    }

    [Fact]
    public async Task Push_StackImageInNoRegistry_FailsSayingWhy()
    {
        using var registry = await LocalRegistry.StartAsync();
        var stack = $"{registry.Host}/paas-test/nowhere:missing";
        var app = NodeFixture.NewAppName("nostack");
        var cli = new PaasCli(Node);
        await cli.OkAsync("apps:create", app);
        await cli.OkAsync("config:set", app, "PAAS_STACK_BUILD_IMAGE=" + stack, "--no-restart");
        using var source = await AppSource.CreateFilesAsync(("index.html", "never\n"));

        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.NotEqual(0, push.ExitCode);
        Assert.Contains($"stack image '{stack}' is on no node and could not be pulled", push.Output);
        Assert.Empty(await Node.ContainersAsync(app));
    }

    /// <summary>An image of its own (a layer no other image has, so the pull really downloads), pushed to the registry and removed here.</summary>
    private static async Task PublishStackAsync(string stack)
    {
        await PaasNode.EnsureBaseImageAsync();
        var context = Directory.CreateTempSubdirectory("paas-stack-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), $"FROM {PaasNode.BaseImage}\nRUN echo {Guid.NewGuid():N} > /stack-id\n");
            var build = await ProcessRunner.RunAsync("docker", ["build", "-q", "-t", stack, context]);
            Assert.True(build.ExitCode == 0, build.ToString());
            var push = await ProcessRunner.RunAsync("docker", ["push", stack]);
            Assert.True(push.ExitCode == 0, push.ToString());
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }

        await RemoveAsync(stack);
    }

    private static async Task RemoveAsync(string reference)
    {
        using var docker = PaasNode.Docker();
        try
        {
            await docker.Images.DeleteImageAsync(reference, new ImageDeleteParameters { Force = true });
        }
        catch (DockerImageNotFoundException)
        {
        }
    }
}
