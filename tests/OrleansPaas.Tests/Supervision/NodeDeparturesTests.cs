using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Supervision;

/// <summary>When this node first saw each other node leave the live set: kept until the node is live again.</summary>
public sealed class NodeDeparturesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private readonly StepClock _clock = new(Start);

    [Fact]
    public void Since_KeepsTheFirstTimeANodeWasSeenGone()
    {
        var departures = new NodeDepartures(_clock);

        departures.Note(["a", "c"], ["b"]);
        _clock.Pass(TimeSpan.FromSeconds(10));
        departures.Note(["a", "c"], ["b"]);
        _clock.Pass(TimeSpan.FromSeconds(10));

        Assert.Equal(Start, departures.Since(["a", "c"], ["b"])["b"]);
    }

    [Fact]
    public void Since_NodeLiveAgain_IsForgotten_AndItsNextDepartureCountsAfresh()
    {
        var departures = new NodeDepartures(_clock);
        departures.Note(["a"], ["b"]);
        _clock.Pass(TimeSpan.FromSeconds(5));

        departures.Note(["a", "b"], []);
        _clock.Pass(TimeSpan.FromSeconds(4));
        var since = departures.Since(["a"], ["b"]);

        Assert.Equal(Start.AddSeconds(9), since["b"]);
    }

    [Fact]
    public void Since_OnlyNodesThatAreNotLive()
    {
        var departures = new NodeDepartures(_clock);

        var since = departures.Since(["a", "b"], ["a", "b", "c"]);

        Assert.Equal(["c"], since.Keys);
    }

    [Fact]
    public void Since_WallClockSetBackMeanwhile_TheNodeIsGoneAsLongAsTimeReallyPassed()
    {
        var departures = new NodeDepartures(_clock);
        departures.Note(["a"], ["b"]);
        _clock.Pass(TimeSpan.FromSeconds(20));

        // NTP sets the wall clock back an hour (after a partition healed, say); time itself went on.
        _clock.SetWall(_clock.GetUtcNow().AddHours(-1));

        Assert.Equal(TimeSpan.FromSeconds(20), _clock.GetUtcNow() - departures.Since(["a"], ["b"])["b"]);
    }
}
