using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Configuration;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Git smart HTTP on the control port: <c>/{app}.git/info/refs</c>, <c>/{app}.git/git-receive-pack</c>
/// and <c>/{app}.git/git-upload-pack</c>. Credentials are checked first and the app name parsed
/// next, so a refused request never touches the disk.
/// </summary>
public static class GitSmartHttpEndpoints
{
    public static IEndpointRouteBuilder MapGitSmartHttp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{repository}/info/refs", AdvertiseAsync).WithMetadata(new AuditedAs("git:advertise", IsChange: false)).ExcludeFromDescription();
        endpoints.MapPost("/{repository}/git-receive-pack", (HttpContext c, string repository, CredentialCheck t, GitServing g) =>
            ServeAsync(c, repository, GitService.ReceivePack, t, g)).WithMetadata(new AuditedAs("push")).ExcludeFromDescription();
        endpoints.MapPost("/{repository}/git-upload-pack", (HttpContext c, string repository, CredentialCheck t, GitServing g) =>
            ServeAsync(c, repository, GitService.UploadPack, t, g)).WithMetadata(new AuditedAs("clone", IsChange: false)).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task AdvertiseAsync(HttpContext context, string repository, string? service, CredentialCheck credentials,
        AppRepositories repositories, GitServing serving)
    {
        if (GitRequestCheck.Refusal(context, credentials, service: null, asked: GitService.FromQuery(service), repository) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        var git = GitService.FromQuery(service);
        if (git is null)
        {
            await Results.Text("Only git's smart HTTP protocol is served; use git 1.6.6 or newer.\n", statusCode: 403).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = git.AdvertisementContentType;
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.WriteAsync(PktLine.Encode($"# service={git.Name}\n"));
        await context.Response.Body.WriteAsync(PktLine.Flush.ToArray());

        var app = await ParseAsync(context, repository);
        if (app is null || !await serving.PrepareAsync(app.Value, git, context.Response.Body, insidePushGate: false, context.RequestAborted))
        {
            return;
        }

        await GitProcess.RunAsync(git, repositories.PathOf(app.Value), advertiseRefs: true, configuration: [], input: null,
            context.Response.Body, new Dictionary<string, string>(), context.RequestAborted);
    }

    private static async Task ServeAsync(HttpContext context, string repository, GitService git, CredentialCheck credentials, GitServing serving)
    {
        if (GitRequestCheck.Refusal(context, credentials, git, asked: git, repository) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        // A push carries the whole pack: Kestrel's default 30 MB would refuse ordinary apps. The
        // request may be a little larger than a push may be (Paas:Git:MaxPushBytes), so that git's
        // own limit trips first and the pusher reads git's reason instead of a cut connection.
        var maxPushBytes = context.RequestServices.GetRequiredService<IOptions<PaasOptions>>().Value.Git.MaxPushBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxPushBytes + RequestSlackBytes;
        }

        context.Response.ContentType = git.ResultContentType;
        context.Response.Headers.CacheControl = "no-cache";
        var app = await ParseAsync(context, repository);
        if (app is null)
        {
            return;
        }

        var body = context.Request.Headers.ContentEncoding.ToString() switch
        {
            "gzip" or "x-gzip" => new GZipStream(context.Request.Body, CompressionMode.Decompress),
            _ => context.Request.Body,
        };
        await serving.ServeAsync(app.Value, git, statelessRpc: true, body, context.Response.Body, context.RequestAborted,
            pushOutcome: outcome => RequestAudit.Of(context).Outcome = outcome);
    }

    /// <summary>
    /// Parses the app name from <c>{app}.git</c>. Refusals are sent as git <c>ERR</c> packets,
    /// which git prints as <c>remote error: …</c>.
    /// </summary>
    private static async Task<AppName?> ParseAsync(HttpContext context, string repository)
    {
        if (AppName.TryParseRepository(repository, out var app, out var error))
        {
            return app;
        }

        await context.Response.Body.WriteAsync(PktLine.Error(error));
        return null;
    }

    /// <summary>What a push's HTTP request may carry beyond Paas:Git:MaxPushBytes (git's own limit trips first).</summary>
    private const long RequestSlackBytes = 4 * 1024 * 1024;
}
