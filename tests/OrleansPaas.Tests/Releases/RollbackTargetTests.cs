using OrleansPaas.Apps;
using OrleansPaas.Grains.Releases;

namespace OrleansPaas.Tests.Releases;

/// <summary>Which release a rollback deploys, and its refusals, without a grain.</summary>
public sealed class RollbackTargetTests
{
    private static readonly AppName App = AppName.Parse("blog");

    private static ReleaseRecord Release(int version, string image, ReleaseStatus status = ReleaseStatus.Deployed, string greeting = "hi") =>
        new(version, image, "abc", 5000, DateTimeOffset.UnixEpoch, status, "Deploy",
            new Dictionary<string, string> { ["GREETING"] = greeting }, new Dictionary<string, string> { ["web"] = "" },
            ReleaseKind.Image, [], new Dictionary<string, int>());

    [Fact]
    public void Choose_NoVersion_TakesTheNewestEarlierDeployedRelease()
    {
        List<ReleaseRecord> releases = [Release(1, "a"), Release(2, "b"), Release(3, "c")];

        Assert.Equal(2, RollbackTarget.Choose(releases, releases[2], version: null)?.Version);
    }

    [Fact]
    public void Choose_NoVersion_PassesOverFailedReleasesAndTheSameProgram()
    {
        // v3 is a scale of v2 (same build and config): rolling back to it would change nothing.
        List<ReleaseRecord> releases = [Release(1, "a"), Release(2, "b", ReleaseStatus.Failed), Release(3, "c"), Release(4, "c")];

        Assert.Equal(1, RollbackTarget.Choose(releases, releases[3], version: null)?.Version);
    }

    [Fact]
    public void Choose_NoVersion_SameImageWithOtherConfig_IsADifferentProgram()
    {
        List<ReleaseRecord> releases = [Release(1, "a", greeting: "hello"), Release(2, "a")];

        Assert.Equal(1, RollbackTarget.Choose(releases, releases[1], version: null)?.Version);
    }

    [Fact]
    public void Choose_NothingEarlier_IsNull()
    {
        List<ReleaseRecord> releases = [Release(1, "a")];

        Assert.Null(RollbackTarget.Choose(releases, releases[0], version: null));
    }

    [Fact]
    public void Choose_Version_TakesThatRelease_WhateverItsStatus()
    {
        List<ReleaseRecord> releases = [Release(1, "a", ReleaseStatus.Failed), Release(2, "b")];

        Assert.Equal(1, RollbackTarget.Choose(releases, releases[1], version: 1)?.Version);
        Assert.Null(RollbackTarget.Choose(releases, releases[1], version: 9));
    }

    [Fact]
    public void NotFound_SaysWhatIsMissing()
    {
        Assert.Equal(AppCommandResult.Invalid("version", "blog has no earlier deployed release to roll back to"), RollbackTarget.NotFound(App, null));
        Assert.Equal(AppCommandResult.Invalid("version", "blog has no release v7"), RollbackTarget.NotFound(App, 7));
    }

    [Fact]
    public void ImageRemoved_NamesTheVersionAndHowManyKeepTheirs()
    {
        Assert.Equal(AppCommandResult.Invalid("version", "the image of v2 was removed (only the last 5 releases keep theirs)"),
            RollbackTarget.ImageRemoved(Release(2, "b"), keep: 5));
    }
}
