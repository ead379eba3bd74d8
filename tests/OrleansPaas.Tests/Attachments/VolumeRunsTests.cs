using OrleansPaas.Grains.Attachments;
using OrleansPaas.Nodes;

namespace OrleansPaas.Tests.Attachments;

/// <summary>What keeps storage:move from copying a volume: one-off runs refuse it (named); cron runs and the app's own instances are waited for.</summary>
public sealed class VolumeRunsTests
{
    private static readonly HashSet<string> Own = new(["web", "worker"], StringComparer.Ordinal);
    private static readonly DateTimeOffset At = new(2026, 12, 6, 0, 21, 5, TimeSpan.Zero);

    private static readonly VolumeUser OneOff = new("3f2a1b9c0d4e5f60718293a4", "run", "sh -c sleep 600", At);
    private static readonly VolumeUser Cron = new("aaaabbbbccccdddd", "cron.ab12cd", "sh -c ./backup", At);
    private static readonly VolumeUser Web = new("eeeeffff00001111", "web", "httpd -f", At);

    [Fact]
    public void AOneOffRun_RefusesTheMove_NamingTheRunItsCommandAndContainer()
    {
        var refused = VolumeRuns.Blocking("blog", "data", "n1", [Web, OneOff, Cron], Own);

        Assert.NotNull(refused);
        Assert.Contains("volume 'data' of blog is in use on node n1 by a one-off run `sh -c sleep 600` (container 3f2a1b9c0d4e, started 00:21:05 UTC)", refused);
        Assert.Contains("run storage:move again", refused);
        Assert.DoesNotContain("cron", refused);
        Assert.DoesNotContain("httpd", refused);
    }

    [Fact]
    public void CronRunsAndTheAppsOwnInstances_AreWaitedFor_NotRefused()
    {
        Assert.Null(VolumeRuns.Blocking("blog", "data", "n1", [Web, Cron], Own));
        Assert.Equal([Web, Cron], VolumeRuns.Awaited([Web, Cron, OneOff], Own));
    }

    [Fact]
    public void AContainerThePlatformDidNotStart_RefusesTheMove()
    {
        var stranger = new VolumeUser("9999888877776666", "(not the platform's)", "sh", null);
        Assert.Contains("process '(not the platform's)' `sh` (container 999988887777)", VolumeRuns.Blocking("blog", "data", "n1", [stranger], Own));
        Assert.Empty(VolumeRuns.Awaited([stranger], Own));
    }

    [Fact]
    public void NothingOnTheVolume_NothingToWaitFor()
    {
        Assert.Null(VolumeRuns.Blocking("blog", "data", "n1", [], Own));
        Assert.Empty(VolumeRuns.Awaited([], Own));
    }
}
