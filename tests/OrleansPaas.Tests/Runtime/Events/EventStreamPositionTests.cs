using Docker.DotNet.Models;
using OrleansPaas.NodeServices.Runtime.Events;

namespace OrleansPaas.Tests.Runtime.Events;

public sealed class EventStreamPositionTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static Message Event(string action, string id, long timeNano) =>
        new() { Action = action, Actor = new Actor { ID = id }, TimeNano = timeNano, Time = timeNano / 1_000_000_000 };

    [Fact]
    public void Since_BeforeAnyEvent_IsTheStartToTheNanosecond()
    {
        Assert.Equal("1800000000.000000000", new EventStreamPosition(Start).Since);
    }

    [Fact]
    public void Advance_LaterEvent_IsNewAndMovesSinceToItsInstant()
    {
        var position = new EventStreamPosition(Start);

        Assert.True(position.Advance(Event("start", "a", 1_800_000_001_000_000_042)));
        Assert.Equal("1800000001.000000042", position.Since);
    }

    [Fact]
    public void Advance_ReplayOfTheLastInstant_IsSkipped_ButAnotherEventOfThatInstantIsNot()
    {
        var position = new EventStreamPosition(Start);
        position.Advance(Event("die", "a", 1_800_000_001_000_000_042));

        // The engine's since is inclusive: a reconnect sends the last event again.
        Assert.False(position.Advance(Event("die", "a", 1_800_000_001_000_000_042)));
        Assert.True(position.Advance(Event("start", "b", 1_800_000_001_000_000_042)));
        Assert.True(position.Advance(Event("die", "a", 1_800_000_001_000_000_043)));
    }

    [Fact]
    public void Advance_EngineWithoutNanoseconds_UsesWholeSeconds()
    {
        var position = new EventStreamPosition(Start);

        Assert.True(position.Advance(new Message { Action = "start", Actor = new Actor { ID = "a" }, Time = 1_800_000_005 }));
        Assert.Equal("1800000005.000000000", position.Since);
        Assert.False(position.Advance(new Message { Action = "start", Actor = new Actor { ID = "a" }, Time = 1_800_000_005 }));
    }
}
