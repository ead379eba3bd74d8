using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Grains.Configuration;
using Yarp.ReverseProxy.Configuration;

namespace OrleansPaas.Gateway.Routing;

/// <summary>
/// The app gateway: its own Kestrel server on <c>Paas:GatewayUrls</c> with only YARP in its
/// pipeline. Being a separate server (not a branch of the control one) is what guarantees that
/// gateway traffic can never reach git or the API.
/// </summary>
public sealed class GatewayServer(RouteSnapshotStore store, IOptions<PaasOptions> options, ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Value.GatewayUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton<IProxyConfigProvider>(store);
        builder.Services.AddReverseProxy();

        _app = builder.Build();
        _app.UseRouting();
        _app.Use(UnknownHostPage.InvokeAsync);
        _app.MapReverseProxy(proxy =>
        {
            proxy.Use(UnavailableAppPage.InvokeAsync);
            // Before load balancing, so a retry picks another instance.
            proxy.Use(RetryOnRefusedConnection.InvokeAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
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
