using System.Net;
using System.Net.Sockets;
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

    [Fact]
    public async Task Invoke_InstanceReportedDead_RoutesStillListingIt_NoRequestGoesThere()
    {
        // A killed container's address answers nothing; here a listener that accepts and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var live = new TcpListener(IPAddress.Loopback, 0);
        live.Start();
        using var stop = new CancellationTokenSource();
        var serving = AnswerEveryRequestAsync(live, stop.Token);
        var dead = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var alive = $"127.0.0.1:{((IPEndPoint)live.LocalEndpoint).Port}";
        RouteSnapshot Routes(long version, params string[] endpoints) => new(version, [new RouteEntry("blog", ["blog.example.test"], endpoints,
            Backends: endpoints.Select(e => new RouteBackend("n1", e, e, e == dead ? "dead1" : "live1")).ToList())], Guid.Empty);
        _store.Apply(Routes(1, dead, alive));

        _store.Pending.DropDead($"http://{dead}/", "dead1");
        // The app's grain drops the dead container, then publishes it once more (its engine still listed it running).
        _store.Apply(Routes(2, alive));
        _store.Apply(Routes(3, dead, alive));
        var answers = new List<int>();
        for (var request = 0; request < 6; request++)
        {
            var answered = await SendAsync("blog.example.test").WaitAsync(TimeSpan.FromSeconds(5));
            answers.Add(answered.Response.StatusCode);
        }

        Assert.All(answers, status => Assert.Equal(StatusCodes.Status200OK, status));
        Assert.False(silent.Pending(), "a request was sent to the dead instance");
        stop.Cancel();
        await serving;
    }

    // Answers every request on every connection with 200 and closes it.
    private static async Task AnswerEveryRequestAsync(TcpListener listener, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                using var connection = await listener.AcceptTcpClientAsync(stop);
                var stream = connection.GetStream();
                var buffer = new byte[4096];
                var read = 0;
                while (!System.Text.Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    read += await stream.ReadAsync(buffer.AsMemory(read), stop);
                }

                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nlive"u8.ToArray(), stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<HttpContext> SendAsync(string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
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
