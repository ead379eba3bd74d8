using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// A loopback stand-in for another node's internal listener that serves one saved tarball. The tests
/// have one Docker engine: once an image is deleted from it, no real node on this machine can
/// serve it, so "the other node" is this server holding what the real node exported. It serves
/// HTTPS with the given credential, takes any client certificate, and records what each request
/// carried (what a fetching node sends over the network).
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

    /// <summary>The Authorization header of each request, null where it had none.</summary>
    public List<string?> Authorizations { get; } = [];

    /// <summary>The client certificate of each request, null where it had none.</summary>
    public List<X509Certificate2?> ClientCertificates { get; } = [];

    public static async Task<TarballServer> StartAsync(string tarballPath, X509Certificate2 credential)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = credential,
            ClientCertificateMode = Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = (_, _, _) => true,
        })));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TarballServer(app, new Uri($"https://127.0.0.1:{port}"));
        app.MapGet("/internal/images/{**reference}", (HttpContext context) =>
        {
            lock (server)
            {
                server.Authorizations.Add(context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString());
                server.ClientCertificates.Add(context.Connection.ClientCertificate);
            }

            return Results.File(tarballPath, "application/x-tar");
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
