using System.Diagnostics;
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
using OrleansPaas.NodeServices.Telemetry;

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
        endpoints.MapPost("/{repository}/git-receive-pack", (HttpContext c, string repository, CredentialCheck t, AppRepositories r, RepositorySync s, HookEndpoint h, PushInterruptions p) =>
            ServeAsync(c, repository, GitService.ReceivePack, t, r, s, h, p)).WithMetadata(new AuditedAs("push")).ExcludeFromDescription();
        endpoints.MapPost("/{repository}/git-upload-pack", (HttpContext c, string repository, CredentialCheck t, AppRepositories r, RepositorySync s, HookEndpoint h, PushInterruptions p) =>
            ServeAsync(c, repository, GitService.UploadPack, t, r, s, h, p)).WithMetadata(new AuditedAs("clone", IsChange: false)).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task AdvertiseAsync(HttpContext context, string repository, string? service, CredentialCheck credentials,
        AppRepositories repositories, RepositorySync sync)
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
        if (app is null || !await PrepareAsync(context, app.Value, git, repositories, sync, insidePushGate: false))
        {
            return;
        }

        await GitProcess.RunAsync(git, repositories.PathOf(app.Value), advertiseRefs: true, configuration: [], input: null,
            context.Response.Body, new Dictionary<string, string>(), context.RequestAborted);
    }

    private static async Task ServeAsync(HttpContext context, string repository, GitService git, CredentialCheck credentials,
        AppRepositories repositories, RepositorySync sync, HookEndpoint hook, PushInterruptions interruptions)
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

        var isPush = git == GitService.ReceivePack;
        using var push = isPush ? interruptions.Begin(context.RequestAborted) : null;
        // A push is one trace from here to its route switch; git hands the span to the hook through its environment.
        using var span = isPush ? PaasTracing.Start("push", ActivityKind.Server) : null;
        span?.SetTag("app", app.Value.Value);
        var environment = new Dictionary<string, string>
        {
            [PushInterruptions.EnvironmentVariable] = push?.Id ?? "",
            [PreReceiveHookScript.TraceParentVariable] = span?.Id ?? "",
            ["PAAS_HOOK_HOST"] = hook.Host,
            ["PAAS_HOOK_PORT"] = hook.Port.ToString(),
            ["PAAS_HOOK_HOST_HEADER"] = hook.HostHeader,
            ["PAAS_HOOK_TOKEN"] = hook.Secret,
            ["PAAS_APP"] = app.Value.Value,
        };
        var body = context.Request.Headers.ContentEncoding.ToString() switch
        {
            "gzip" or "x-gzip" => new GZipStream(context.Request.Body, CompressionMode.Decompress),
            _ => context.Request.Body,
        };
        var gate = isPush ? repositories.PushGate(app.Value) : null;
        if (gate is not null)
        {
            await gate.WaitAsync(context.RequestAborted);
        }

        try
        {
            if (!await PrepareAsync(context, app.Value, git, repositories, sync, insidePushGate: gate is not null))
            {
                return;
            }

            var exitCode = await GitProcess.RunAsync(git, repositories.PathOf(app.Value), advertiseRefs: false, PushLimits(git, maxPushBytes), body,
                context.Response.Body, environment, context.RequestAborted, finishWithoutClient: isPush);
            span?.SetTag("git.exit_code", exitCode);
            if (push is not null && context.RequestServices.GetRequiredService<PushOutcomes>().Take(push.Id) is { } outcome)
            {
                RequestAudit.Of(context).Outcome = outcome;
            }
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>
    /// Parses the app name from <c>{app}.git</c>. Refusals are sent as git <c>ERR</c> packets,
    /// which git prints as <c>remote error: …</c>.
    /// </summary>
    private static async Task<AppName?> ParseAsync(HttpContext context, string repository)
    {
        var name = repository.EndsWith(".git", StringComparison.Ordinal) ? repository[..^4] : repository;
        if (AppName.TryParse(name, out var app, out var error))
        {
            return app;
        }

        await context.Response.Body.WriteAsync(PktLine.Error(error));
        return null;
    }

    /// <summary>
    /// Makes sure the app's repository can serve the request: brought up to the cluster's copy
    /// first (any node may take any request), then created for a first push, or refused when
    /// the app has no repository anywhere.
    /// </summary>
    private static async Task<bool> PrepareAsync(HttpContext context, AppName app, GitService git, AppRepositories repositories, RepositorySync sync, bool insidePushGate)
    {
        try
        {
            await (insidePushGate ? sync.SyncForPushAsync(app, context.RequestAborted) : sync.SyncForReadAsync(app, context.RequestAborted));
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            await context.Response.Body.WriteAsync(PktLine.Error($"the repository of '{app}' could not be brought up to date from the cluster: {ex.GetBaseException().Message}"));
            return false;
        }

        if (git == GitService.ReceivePack)
        {
            // The first push to an unknown app creates it, as in Dokku.
            await repositories.EnsureAsync(app, context.RequestAborted);
            return true;
        }

        if (!repositories.Exists(app))
        {
            await context.Response.Body.WriteAsync(PktLine.Error($"app '{app}' does not exist"));
            return false;
        }

        return true;
    }

    /// <summary>
    /// What git itself enforces on a push: the pack's size once decompressed (a gzip bomb stops
    /// there: git stops reading and the feed ends) and well-formed objects. Git refuses before any
    /// ref moves or the hook runs, so a refused push changes nothing.
    /// </summary>
    private const long RequestSlackBytes = 4 * 1024 * 1024;

    private static IReadOnlyList<string> PushLimits(GitService git, long maxPushBytes) =>
        git == GitService.ReceivePack ? [$"receive.maxInputSize={maxPushBytes}", "receive.fsckObjects=true"] : [];
}
