using Microsoft.Extensions.Logging.Abstractions;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Routing;
using OrleansPaas.Routing;

namespace OrleansPaas.Tests.Routing;

/// <summary>Publishing one app's route, without Orleans: what the entry holds, and that the same route is published once.</summary>
public sealed class AppRoutePublisherTests
{
    private static readonly InstanceInfo Web1 = new("c1", "web", 3, "10.0.0.1", 20001, 1, "n1", "172.17.0.2:5000");
    private static readonly InstanceInfo Web2 = new("c2", "web", 3, "10.0.0.2", 20002, 2, "n2", "172.17.0.3:5000");
    private static readonly InstanceInfo Worker = new("c3", "worker", 3, "10.0.0.1", 20003, 1, "n1");

    private readonly RecordingRouteTable _table = new();
    private readonly AppRoutePublisher _publisher;

    public AppRoutePublisherTests() => _publisher = new AppRoutePublisher(AppName.Parse("blog"), _table, NullLogger.Instance);

    private RouteEntry Entry(params InstanceInfo[] instances) =>
        _publisher.Entry(["blog.paas.test", "www.blog.example"], instances, stopped: false, sleeping: false, sleepAfter: null, sleepPage: false);

    [Fact]
    public void Entry_RoutesWebInstancesOnly_WithTheirNodeContainerEndpointAndId()
    {
        var entry = _publisher.Entry(["blog.paas.test"], [Web1, Worker, Web2], stopped: false, sleeping: true, TimeSpan.FromMinutes(30), sleepPage: true);

        Assert.Equal("blog", entry.App);
        Assert.Equal(["blog.paas.test"], entry.Hosts);
        Assert.Equal(["10.0.0.1:20001", "10.0.0.2:20002"], entry.Endpoints);
        // With their container ids: the gateway on their node knows them when its engine reports one dead.
        Assert.Equal([new RouteBackend("n1", "10.0.0.1:20001", "172.17.0.2:5000", "c1"), new RouteBackend("n2", "10.0.0.2:20002", "172.17.0.3:5000", "c2")],
            entry.AllBackends);
        Assert.True(entry.Sleeping);
        Assert.Equal(TimeSpan.FromMinutes(30), entry.SleepAfter);
        Assert.True(entry.SleepPage);
    }

    [Fact]
    public async Task Publish_TheSameRouteAgain_PublishesOnce_AndWaitsForTheGatewaysOnce()
    {
        await _publisher.PublishAsync(Entry(Web1, Web2));
        // Built anew, as every pass does: equal by content, not by reference.
        await _publisher.PublishAsync(Entry(Web1, Web2));

        Assert.Single(_table.Published);
        Assert.Equal([1L], _table.WaitedFor);
    }

    [Fact]
    public async Task Publish_AChangedRoute_PublishesIt()
    {
        await _publisher.PublishAsync(Entry(Web1, Web2));
        await _publisher.PublishAsync(Entry(Web2));

        Assert.Equal(2, _table.Published.Count);
        Assert.Equal(["10.0.0.2:20002"], _table.Published[^1].Endpoints);
    }

    [Fact]
    public async Task Publish_AfterAPublishThatFailed_PublishesAgain()
    {
        _table.FailNextPublish = true;
        await Assert.ThrowsAsync<TimeoutException>(() => _publisher.PublishAsync(Entry(Web1)));

        await _publisher.PublishAsync(Entry(Web1));

        Assert.Single(_table.Published);
    }

    [Fact]
    public async Task Publish_AfterForget_PublishesTheSameRouteAgain()
    {
        await _publisher.PublishAsync(Entry(Web1));
        _publisher.Forget();
        await _publisher.PublishAsync(Entry(Web1));

        Assert.Equal(2, _table.Published.Count);
    }

    /// <summary>Records what is published; every version is applied at once.</summary>
    private sealed class RecordingRouteTable : IRouteTableGrain
    {
        public List<RouteEntry> Published { get; } = [];
        public List<long> WaitedFor { get; } = [];
        public bool FailNextPublish { get; set; }

        public Task<long> PublishAsync(RouteEntry entry)
        {
            if (FailNextPublish)
            {
                FailNextPublish = false;
                throw new TimeoutException("route table did not answer");
            }

            Published.Add(entry);
            return Task.FromResult((long)Published.Count);
        }

        public Task<bool> WaitUntilAppliedAsync(long version, TimeSpan timeout)
        {
            WaitedFor.Add(version);
            return Task.FromResult(true);
        }

        public Task<long> RemoveAsync(string app) => throw new NotSupportedException();

        public Task<RouteSnapshot> WaitForChangeAsync(string gateway, long knownVersion, TimeSpan wait, Guid knownEpoch = default,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ConfirmAsync() => throw new NotSupportedException();
    }
}
