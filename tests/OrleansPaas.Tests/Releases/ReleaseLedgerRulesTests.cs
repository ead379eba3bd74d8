using OrleansPaas.Apps;
using OrleansPaas.Grains.Releases;

namespace OrleansPaas.Tests.Releases;

/// <summary>The ledger's rules without a grain: what is forgotten, and when two releases run the same program.</summary>
public sealed class ReleaseLedgerRulesTests
{
    private static ReleaseRecord Release(int version, string image = "app:v1", string greeting = "hi") =>
        new(version, image, "abc", 5000, DateTimeOffset.UnixEpoch, ReleaseStatus.Deployed, "Deploy",
            new Dictionary<string, string> { ["GREETING"] = greeting }, new Dictionary<string, string> { ["web"] = "" },
            ReleaseKind.Image, [], new Dictionary<string, int>());

    [Fact]
    public void ForgetOldest_OverTheLimit_ForgetsTheOldestButNeverTheCurrentOrTheOneBeingAdded()
    {
        var releases = Enumerable.Range(1, 6).Select(v => Release(v)).ToList();

        ReleaseLedger.ForgetOldest(releases, current: 1, adding: 6, keepRecords: 3);

        Assert.Equal([1, 5, 6], releases.Select(r => r.Version));
    }

    [Fact]
    public void ForgetOldest_WithinTheLimit_ForgetsNothing()
    {
        var releases = Enumerable.Range(1, 3).Select(v => Release(v)).ToList();

        ReleaseLedger.ForgetOldest(releases, current: 3, adding: 3, keepRecords: 5);

        Assert.Equal([1, 2, 3], releases.Select(r => r.Version));
    }

    [Fact]
    public void SetStatus_ChangesOnlyThatRecord()
    {
        var releases = new List<ReleaseRecord> { Release(1), Release(2) };

        ReleaseLedger.SetStatus(releases, 2, ReleaseStatus.Failed);

        Assert.Equal([ReleaseStatus.Deployed, ReleaseStatus.Failed], releases.Select(r => r.Status));
    }

    [Theory]
    [InlineData("app:v1", "hi", true)]
    [InlineData("app:v2", "hi", false)]
    [InlineData("app:v1", "hello", false)]
    public void IsSameProgram_SameImageKindProcessesAndConfig_OnlyThen(string image, string greeting, bool same)
    {
        var releases = new List<ReleaseRecord> { Release(1) };

        Assert.Equal(same, ReleaseLedger.IsSameProgram(releases, 1, Release(2, image, greeting)));
    }

    [Fact]
    public void IsSameProgram_ForgottenVersion_IsNotTheSame()
    {
        Assert.False(ReleaseLedger.IsSameProgram([Release(1)], 7, Release(2)));
    }

    [Fact]
    public void FailInterrupted_PendingReleasesButNotTheCurrent_AreFailed()
    {
        var releases = new List<ReleaseRecord>
        {
            Release(1) with { Status = ReleaseStatus.Deployed },
            Release(2) with { Status = ReleaseStatus.Pending },
            Release(3) with { Status = ReleaseStatus.Failed },
        };

        Assert.Equal(1, ReleaseLedger.FailInterrupted(releases, current: 1));

        Assert.Equal([ReleaseStatus.Deployed, ReleaseStatus.Failed, ReleaseStatus.Failed], releases.Select(r => r.Status));
        Assert.Equal(0, ReleaseLedger.FailInterrupted(releases, current: 1));
    }

    [Fact]
    public void Add_OverTheLimit_AddsTheReleaseAndForgetsTheOldestButTheCurrent()
    {
        var releases = Enumerable.Range(1, 3).Select(v => Release(v)).ToList();

        ReleaseLedger.Add(releases, Release(4), current: 1, keepRecords: 3);

        Assert.Equal([1, 3, 4], releases.Select(r => r.Version));
    }

    [Fact]
    public void Like_CopiesTheBuild_WithItsOwnVersionConfigAndFormation_Pending()
    {
        var basis = Release(2, "app:v2");
        var config = new Dictionary<string, string> { ["GREETING"] = "hello" };
        var formation = new Dictionary<string, int> { ["web"] = 3 };
        var now = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

        var release = ReleaseLedger.Like(basis, 5, "Scale web=3", config, formation, now);
        config["GREETING"] = "changed after";
        formation["web"] = 9;

        Assert.Equal((5, "app:v2", "abc", 5000, now, ReleaseStatus.Pending, "Scale web=3"),
            (release.Version, release.Image, release.Commit, release.Port, release.CreatedAt, release.Status, release.Description));
        Assert.Same(basis.ProcessTypes, release.ProcessTypes);
        Assert.Equal("hello", release.Config["GREETING"]);
        Assert.Equal(3, release.Formation["web"]);
    }

    [Fact]
    public void ImagesKept_TheNewestKeepReleases_AndTheCurrentOneEvenWhenOlder()
    {
        var releases = new[] { Release(1, "app:v1"), Release(2, "app:v2"), Release(3, "app:v2"), Release(4, "app:v4"), Release(5, "app:v5") };

        Assert.Equal(["app:v5", "app:v4", "app:v1"], ReleaseLedger.ImagesKept(releases, current: releases[0], keep: 2));
        // Two releases of one image keep it once; at least one release is always kept.
        Assert.Equal(["app:v5", "app:v4", "app:v2"], ReleaseLedger.ImagesKept(releases, current: releases[2], keep: 4));
        Assert.Equal(["app:v5"], ReleaseLedger.ImagesKept(releases, current: null, keep: 0));
    }
}
