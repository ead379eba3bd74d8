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
}
