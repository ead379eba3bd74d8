using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using OrleansPaas.Gateway.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The app gateway: its own Kestrel server on <c>Paas:GatewayUrls</c> with only the forwarder in its
/// pipeline. Being a separate server (not a branch of the control one) is what guarantees that
/// gateway traffic can never reach git or the API.
/// </summary>
public sealed class GatewayServer(RouteSnapshotStore store, SniCertificates certificates, OrleansPaas.Gateway.Sleep.WakeCoordinator waking,
    OrleansPaas.Gateway.Telemetry.GatewayMetrics metrics, IOptions<PaasOptions> options, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var plain = ListenAddress.ParseList(settings.GatewayUrls, "http", nameof(settings.GatewayUrls));
        var secure = ListenAddress.ParseList(settings.GatewayHttpsUrls, "https", nameof(settings.GatewayHttpsUrls));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var address in plain)
            {
                kestrel.ListenOn(address, _ => { });
            }

            foreach (var address in secure)
            {
                kestrel.ListenOn(address, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    // The certificate comes from memory by SNI; a host without one fails the handshake.
                    listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = certificates.SelectAsync, HandshakeTimeout = TimeSpan.FromSeconds(10) });
                });
            }
        });
        // The whole request path is asynchronous and short (a lookup, then the forwarder), so it can
        // run on the socket's I/O thread instead of being handed to the thread pool for every read.
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(waking);
        builder.Services.AddSingleton(metrics);
        // Only YARP's forwarder: routes come from our own store, not YARP's configuration.
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<GatewayForwarder>();
        builder.Services.AddSingleton(new HttpsRedirect(secure.Count > 0 ? secure[0].Port : 443));

        _app = builder.Build();
        _app.Run(_app.Services.GetRequiredService<GatewayForwarder>().InvokeAsync);
        await _app.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
