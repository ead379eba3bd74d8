using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OrleansPaas.Cli.Tests.Support;

/// <summary>
/// A stand-in admin API on 127.0.0.1 and an ephemeral port: each test answers requests with its own
/// handler, and every request that reached the server is recorded so a test can also prove that
/// none was made.
/// </summary>
internal sealed class FakePaasServer : IAsyncDisposable
{
    public const string Token = "test-token";

    private readonly WebApplication _app;

    private FakePaasServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>The environment the CLI under test reads its settings from.</summary>
    public Dictionary<string, string> Environment => new() { ["PAAS_URL"] = Url, ["PAAS_TOKEN"] = Token };

    public static async Task<FakePaasServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        FakePaasServer? server = null;
        app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            server!.Requests.Enqueue(new RecordedRequest(
                context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString(), body));
            if (context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                await WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "missing or wrong token");
                return;
            }

            await handler(context);
        });

        await app.StartAsync();
        server = new FakePaasServer(app, app.Urls.Single());
        return server;
    }

    public static async Task WriteProblemAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync($$"""{"type":"https://tools.ietf.org/html/rfc9110","title":"Error","status":{{status}},"detail":"{{detail}}"}""");
    }

    public static async Task WriteJsonAsync(HttpContext context, string json)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record RecordedRequest(string Method, string PathAndQuery, string Authorization, string Body)
{
    /// <summary>"GET /api/apps?x=1": what most assertions compare.</summary>
    public string Line => $"{Method} {PathAndQuery}";
}
