using OrleansPaas.NodeServices.Cluster;

namespace OrleansPaas.Tests.Supervision;

/// <summary>When this node first saw each other node leave the live set: kept until the node is live again.</summary>
public sealed class NodeDeparturesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Since_KeepsTheFirstTimeANodeWasSeenGone()
    {
        var departures = new NodeDepartures();

        departures.Note(["a", "c"], ["b"], Start);
        departures.Note(["a", "c"], ["b"], Start.AddSeconds(10));

        Assert.Equal(Start, departures.Since(["a", "c"], ["b"], Start.AddSeconds(20))["b"]);
    }

    [Fact]
    public void Since_NodeLiveAgain_IsForgotten_AndItsNextDepartureCountsAfresh()
    {
        var departures = new NodeDepartures();
        departures.Note(["a"], ["b"], Start);

        departures.Note(["a", "b"], [], Start.AddSeconds(5));
        var since = departures.Since(["a"], ["b"], Start.AddSeconds(9));

        Assert.Equal(Start.AddSeconds(9), since["b"]);
    }

    [Fact]
    public void Since_OnlyNodesThatAreNotLive()
    {
        var departures = new NodeDepartures();

        var since = departures.Since(["a", "b"], ["a", "b", "c"], Start);

        Assert.Equal(["c"], since.Keys);
    }
}
