using System.Net.Http;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Routing;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Routing;

public sealed class UnreachableInstancesTests
{
    private const string Silent = "http://10.0.0.2:40002/";
    private const string Live = "http://10.0.0.3:40003/";

    private static GatewayRoutes Routes(params (string Endpoint, string Container)[] instances) =>
        new(new RouteSnapshot(3, [new RouteEntry("blog", ["blog.paas.test"], instances.Select(i => i.Endpoint).ToList(),
            Backends: instances.Select(i => new RouteBackend("n2", i.Endpoint, null, i.Container)).ToList())]), "n1");

    [Fact]
    public void Next_AfterAFailedConnect_SendsEveryRequestToTheOtherInstance_UntilTheHoldEnds()
    {
        var time = new ManualTime();
        var unreachable = new UnreachableInstances(time);
        var routes = Routes(("10.0.0.2:40002", "c2"), ("10.0.0.3:40003", "c3"));
        var route = routes.ForApp("blog")!;

        unreachable.FailedToConnect(Silent, "c2");
        unreachable.Update(routes);

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal(Live, route.Next(unreachable)));
        Assert.Equal(Live, route.Other(Silent, unreachable));
        // Not known dead: a request of an app with no other instance still tries it.
        Assert.False(unreachable.IsDead(Silent, "c2"));

        time.Advance(UnreachableInstances.FailedConnectHold);
        unreachable.Update(routes);
        Assert.Equal([Silent, Live], Enumerable.Range(0, 2).Select(_ => route.Next(unreachable)).Order());
    }

    [Fact]
    public void Next_EveryInstanceFailedToConnect_StillPicksOne()
    {
        var unreachable = new UnreachableInstances();
        var route = Routes(("10.0.0.2:40002", "c2"), ("10.0.0.3:40003", "c3")).ForApp("blog")!;

        unreachable.FailedToConnect(Silent, "c2");
        unreachable.FailedToConnect(Live, "c3");

        Assert.Contains(route.Next(unreachable), new[] { Silent, Live });
        Assert.NotNull(route.Other(Silent, unreachable));
    }

    [Fact]
    public void Update_AnotherContainerAtTheAddress_EndsAFailedConnectsHold()
    {
        var unreachable = new UnreachableInstances();
        unreachable.FailedToConnect(Silent, "c2");

        unreachable.Update(Routes(("10.0.0.2:40002", "c9"), ("10.0.0.3:40003", "c3")));

        Assert.False(unreachable.Avoid(Silent, "c9"));
        Assert.False(unreachable.Avoid(Silent, "c2"));
    }

    [Fact]
    public async Task IsConnectFailure_RefusedConnection_IsOne_ACancelledRequestIsNot()
    {
        using var client = BackendClient.Create();
        var refused = await Record.ExceptionAsync(() =>
            client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{FreePorts.Next()}/"), CancellationToken.None));

        Assert.True(UnreachableInstances.IsConnectFailure(refused), refused?.ToString());
        Assert.False(UnreachableInstances.IsConnectFailure(new TaskCanceledException()));
        Assert.False(UnreachableInstances.IsConnectFailure(new HttpRequestException(HttpRequestError.ResponseEnded, "reset")));
        Assert.False(UnreachableInstances.IsConnectFailure(null));
    }
}
