using OrleansPaas.Configuration;
using OrleansPaas.Grains.Services;
using OrleansPaas.Services;

namespace OrleansPaas.Tests.Services;

/// <summary>The image of a new service: the configured one, or its repository at <c>--version V</c> keeping the tag's variant.</summary>
public sealed class ServiceImageTests
{
    private static readonly ServicesOptions Defaults = new();

    [Theory]
    [InlineData(ServiceKind.Postgres, null, "postgres:17-alpine")]
    [InlineData(ServiceKind.Postgres, "16", "postgres:16-alpine")]
    [InlineData(ServiceKind.Redis, "7.2", "redis:7.2-alpine")]
    [InlineData(ServiceKind.Redis, "6.2.14", "redis:6.2.14-alpine")]
    public void For_DefaultImages_TagFollowsTheVersion(ServiceKind kind, string? version, string expected) =>
        Assert.Equal((expected, null), ServiceImage.For(Defaults, kind, version));

    [Fact]
    public void For_ImageWithoutVariantOnARegistryWithAPort_ReplacesOnlyTheTag()
    {
        var options = new ServicesOptions { Redis = new() { Image = "registry.local:5000/cache/redis:7" } };

        Assert.Equal(("registry.local:5000/cache/redis:6", null), ServiceImage.For(options, ServiceKind.Redis, "6"));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("16;rm -rf /")]
    [InlineData("16-alpine")]
    [InlineData("1.2.3.4")]
    [InlineData("v16")]
    public void For_NotAVersionNumber_IsRefusedWithASentence(string version)
    {
        var (image, problem) = ServiceImage.For(Defaults, ServiceKind.Postgres, version);

        Assert.Null(image);
        Assert.Equal($"the version '{version}' is not a version number such as 16 or 7.2", problem);
    }

    [Theory]
    [InlineData("postgres:17-alpine", "17")]
    [InlineData("redis:7.2", "7.2")]
    [InlineData("localhost:5000/redis", "latest")]
    public void VersionOf_ReadsTheTagsVersion(string image, string expected) => Assert.Equal(expected, ServiceImage.VersionOf(image));
}
