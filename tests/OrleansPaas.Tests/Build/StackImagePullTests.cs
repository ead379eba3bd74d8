using OrleansPaas.Grains.Build.Buildpacks;

namespace OrleansPaas.Tests.Build;

/// <summary>How a stack image's reference is split for the engine's pull (name and tag, as <c>docker pull</c> reads it).</summary>
public sealed class StackImagePullTests
{
    [Theory]
    [InlineData("127.0.0.1:5000/paas-test/stack:abc", "127.0.0.1:5000/paas-test/stack", "abc")]
    [InlineData("127.0.0.1:5000/stack", "127.0.0.1:5000/stack", "latest")]
    [InlineData("heroku/heroku:24-build", "heroku/heroku", "24-build")]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("registry.example/stack@sha256:0123", "registry.example/stack@sha256:0123", "")]
    public void Split_Reference_GivesNameAndTag(string image, string name, string tag) =>
        Assert.Equal((name, tag), StackImagePull.Split(image));
}
