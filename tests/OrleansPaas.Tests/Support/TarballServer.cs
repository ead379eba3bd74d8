using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// A loopback stand-in for another node's image endpoint that serves one saved tarball. The tests
/// have one Docker engine: once an image is deleted from it, no real node on this machine can
/// serve it, so "the other node" is this server holding what the real node exported.
/// </summary>
public sealed class TarballServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TarballServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<TarballServer> StartAsync(string tarballPath, string token)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/internal/images/{**reference}", (HttpContext context) =>
            context.Request.Headers.Authorization == $"Bearer {token}"
                ? Results.File(tarballPath, "application/x-tar")
                : Results.StatusCode(StatusCodes.Status401Unauthorized));
        await app.StartAsync();
        return new TarballServer(app, new Uri($"http://127.0.0.1:{port}"));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
