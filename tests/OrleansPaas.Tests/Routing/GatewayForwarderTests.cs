using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Gateway.Sleep;
using OrleansPaas.Gateway.Telemetry;
using OrleansPaas.Gateway.Tls;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Routing;
using OrleansPaas.Tls;
using Yarp.ReverseProxy.Forwarder;

namespace OrleansPaas.Tests.Routing;

public sealed class GatewayForwarderTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddMetrics().AddHttpForwarder().BuildServiceProvider();
    private readonly RouteSnapshotStore _store;
    private readonly GatewayForwarder _forwarder;

    public GatewayForwarderTests()
    {
        var options = Options.Create(new PaasOptions { NodeName = "n1" });
        _store = new RouteSnapshotStore(options);
        // Nothing here wakes an app or forwards a request: the grain factory is never asked.
        var waking = new WakeCoordinator(_store, null!, options, NullLogger<WakeCoordinator>.Instance);
        var metrics = new GatewayMetrics(new PaasMetrics(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()), _store, options);
        _forwarder = new GatewayForwarder(_store, _services.GetRequiredService<IHttpForwarder>(), new HttpsRedirect(8443), waking, metrics);
    }

    [Fact]
    public async Task Invoke_BeforeTheFirstRouteSnapshot_Answers503WithRetryAfter()
    {
        // Certificates may arrive first; they are not routes.
        _store.Apply(TlsSnapshot.Empty with { Version = 3, Epoch = Guid.NewGuid() }, NullLogger.Instance);

        var context = await SendAsync("blog.example.test");

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(NoRoutesYetPage.RetryAfterSeconds, context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Invoke_UnknownHostOnceRoutesArrived_Answers404()
    {
        _store.Apply(new RouteSnapshot(1, [new RouteEntry("www", ["www.example.test"], [], Stopped: true)], Guid.NewGuid()));

        var context = await SendAsync("blog.example.test");

        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public async Task Invoke_EmptyFirstSnapshot_IsASnapshot_Answers404()
    {
        // A cluster with no apps yet: every host is truly unknown.
        _store.Apply(new RouteSnapshot(0, [], Guid.NewGuid()));

        Assert.Equal(StatusCodes.Status404NotFound, (await SendAsync("blog.example.test")).Response.StatusCode);
    }

    private async Task<HttpContext> SendAsync(string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host);
        context.Request.Path = "/";
        context.Response.Body = new MemoryStream();
        await _forwarder.InvokeAsync(context);
        return context;
    }

    public void Dispose()
    {
        _forwarder.Dispose();
        _services.Dispose();
    }
}
