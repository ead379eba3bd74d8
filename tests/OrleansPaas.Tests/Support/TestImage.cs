using Docker.DotNet;
using Docker.DotNet.Models;

namespace OrleansPaas.Tests.Support;

/// <summary>A small image built with the real docker CLI from the offline base image, removed on dispose.</summary>
public sealed class TestImage : IAsyncDisposable
{
    private TestImage(string reference, string id)
    {
        Reference = reference;
        Id = id;
    }

    public string Reference { get; }
    public string Id { get; }

    public static async Task<TestImage> BuildAsync(string reference)
    {
        await PaasNode.EnsureBaseImageAsync();
        var context = Path.Combine(Path.GetTempPath(), "paas-img-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(context);
        try
        {
            // A label with a fresh value gives the image an ID of its own.
            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"),
                $"FROM {PaasNode.BaseImage}\nLABEL paas.test.nonce={Guid.NewGuid():N}\n");
            var build = await ProcessRunner.RunAsync("docker", ["build", "-q", "-t", reference, context]);
            Assert.True(build.ExitCode == 0, build.ToString());
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }

        return new TestImage(reference, await IdOfAsync(reference) ?? throw new InvalidOperationException($"{reference} was not built"));
    }

    /// <summary>The image ID behind a reference, or null when the engine does not have it.</summary>
    public static async Task<string?> IdOfAsync(string reference)
    {
        using var docker = PaasNode.Docker();
        try
        {
            return (await docker.Images.InspectImageAsync(reference)).ID;
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    public async Task RemoveAsync()
    {
        using var docker = PaasNode.Docker();
        try
        {
            await docker.Images.DeleteImageAsync(Reference, new ImageDeleteParameters { Force = true });
        }
        catch (DockerImageNotFoundException)
        {
        }
    }

    public ValueTask DisposeAsync() => new(RemoveAsync());
}
