using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.Gateway.Images;

namespace OrleansPaas.Tests.Images;

/// <summary>The export policy reads references with the engine's grammar, not as strings with a prefix.</summary>
public sealed class ImageReferenceTests
{
    private readonly ImageExportPolicy _policy = new(Options.Create(new PaasOptions
    {
        Build = new() { StackBuildImage = "heroku/heroku:24-build", StackRunImage = "registry.example:5000/stacks/run:24" },
    }));

    [Theory]
    [InlineData("paas/blog:v3", "paas/blog", "v3")]
    [InlineData("paas/www.somekindasite.com:build-12", "paas/www.somekindasite.com", "build-12")]
    [InlineData("paas/a--b:v1", "paas/a--b", "v1")]
    [InlineData("registry.example:5000/stacks/run:24", "registry.example:5000/stacks/run", "24")]
    [InlineData("busybox", "busybox", null)]
    public void TryParse_WellFormed_GivesRepositoryAndTag(string reference, string repository, string? tag)
    {
        Assert.True(ImageReference.TryParse(reference, out var parsed));
        Assert.Equal(repository, parsed!.Repository);
        Assert.Equal(tag, parsed.Tag);
    }

    [Theory]
    [InlineData("paas/../../images/busybox:latest")]
    [InlineData("paas/./blog:v1")]
    [InlineData("paas//blog:v1")]
    [InlineData("paas/Blog:v1")]
    [InlineData("paas/blog:")]
    [InlineData("paas/blog:.v1")]
    [InlineData("paas/blog:v1/../x")]
    [InlineData("paas%2Fblog:v1")]
    [InlineData("paas/blog:v1\n")]
    [InlineData("paas/-blog:v1")]
    [InlineData("paas/blog-:v1")]
    [InlineData("/paas/blog:v1")]
    [InlineData("")]
    public void TryParse_Malformed_IsRefused(string reference) =>
        Assert.False(ImageReference.TryParse(reference, out _));

    [Theory]
    [InlineData("paas/blog:v3", ImageExportDecision.Exportable)]
    [InlineData("paas/www.somekindasite.com:build-2", ImageExportDecision.Exportable)]
    [InlineData("heroku/heroku:24-build", ImageExportDecision.Exportable)]
    [InlineData("registry.example:5000/stacks/run:24", ImageExportDecision.Exportable)]
    [InlineData("paas/blog", ImageExportDecision.NotThePlatforms)]
    [InlineData("paas/blog/extra:v1", ImageExportDecision.NotThePlatforms)]
    [InlineData("busybox:latest", ImageExportDecision.NotThePlatforms)]
    [InlineData("library/paas:v1", ImageExportDecision.NotThePlatforms)]
    [InlineData("docker.io/paas/blog:v1", ImageExportDecision.NotThePlatforms)]
    [InlineData("heroku/heroku:24", ImageExportDecision.NotThePlatforms)]
    [InlineData("paas/../../images/busybox:latest", ImageExportDecision.Malformed)]
    [InlineData("paas/blog:v1@sha256:0000000000000000000000000000000000000000000000000000000000000000", ImageExportDecision.Malformed)]
    public void Decide_OnlyThePlatformsAppImagesAndStacks(string reference, ImageExportDecision expected) =>
        Assert.Equal(expected, _policy.Decide(reference));
}
