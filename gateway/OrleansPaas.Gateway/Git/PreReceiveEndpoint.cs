using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Gateway.Builds;
using OrleansPaas.Gateway.Terminal;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Called by the repositories' pre-receive hook: checks the pushed refs, queues the build on the
/// app's grain and streams the build and deploy log back until it ends. The last line carries the
/// hook's exit status, which makes git accept or refuse the push. A pusher that leaves (Ctrl-C)
/// abandons the build; once its deploy has begun, the deploy finishes and git moves the branch,
/// so what runs is always the branch's head.
/// </summary>
public static class PreReceiveEndpoint
{
    public const string Path = "/internal/git/pre-receive";

    public static IEndpointRouteBuilder MapPreReceiveHook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, HandleAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext context, HookEndpoint hook, AppRepositories repositories, RepositoryPublisher publisher, IGrainFactory grains, ClusterNodes nodes,
        PushInterruptions interruptions, PushOutcomes outcomes)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var output = new StreamWriter(context.Response.Body) { AutoFlush = false, NewLine = "\n" };
        // A child of the push's span, which git's environment carried to the hook and the hook sent back;
        // a call without the hook's secret is not traced (nor served).
        using var span = hook.IsSecret(context.Request.Headers["X-Paas-Hook-Token"])
            ? PaasTracing.Start("pre-receive", ActivityKind.Server, PaasTracing.Parse(context.Request.Headers.TraceParent))
            : null;
        int status;
        try
        {
            status = await RunAsync(context, output, hook, repositories, publisher, grains, nodes, interruptions, span);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The push must fail with a reason, not a bare rejection.
            await output.WriteLineAsync($" !     OrleansPaas could not deploy: {ex.GetBaseException().Message}");
            status = 1;
        }

        span?.SetTag("result", status == 0 ? "accepted" : "refused");
        if (hook.IsSecret(context.Request.Headers["X-Paas-Hook-Token"]))
        {
            outcomes.Note(context.Request.Headers[PushInterruptions.Header], status);
        }

        await output.WriteLineAsync(PreReceiveHookScript.ExitMarker + status);
        await output.FlushAsync();
    }

    private static async Task<int> RunAsync(HttpContext context, StreamWriter output, HookEndpoint hook, AppRepositories repositories,
        RepositoryPublisher publisher, IGrainFactory grains, ClusterNodes nodes, PushInterruptions interruptions, Activity? span)
    {
        if (!hook.IsSecret(context.Request.Headers["X-Paas-Hook-Token"]))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await output.WriteLineAsync("OrleansPaas: this hook call is not from this node");
            return 1;
        }

        if (!AppName.TryParse(context.Request.Headers["X-Paas-App"], out var app, out var nameError))
        {
            await output.WriteLineAsync($"OrleansPaas: {nameError}");
            return 1;
        }

        using var reader = new StreamReader(context.Request.Body);
        var updates = RefUpdate.ParseAll(await reader.ReadToEndAsync(context.RequestAborted));
        var refusal = Refusal(updates);
        if (refusal is not null)
        {
            await output.WriteLineAsync(refusal);
            return 1;
        }

        var update = updates![0];
        var repository = repositories.PathOf(app);
        var quarantine = QuarantineInside(repository, context.Request.Headers["X-Paas-Quarantine"]);
        var grain = grains.GetGrain<IAppGrain>(app.Value);
        span?.SetTag("app", app.Value).SetTag("commit", update.NewCommit).SetTag("ref", update.RefName);
        // Where this node's repository has the branch now (the push gate is held and the copy synced
        // from the store): with the old commit the pusher's git sent, the app grain's compare-and-swap.
        var branchAt = await RepositoryPacks.ResolveAsync(repository, update.RefName, context.RequestAborted);
        BuildTicket ticket;
        using (PaasTracing.Carry(span))
        {
            ticket = await grain.EnqueueBuildAsync(new BuildSource(update.NewCommit,
                quarantine is null ? null : System.IO.Path.GetFileName(quarantine), update.RefName, nodes.Local, update.OldCommit, branchAt));
        }

        if (ticket.Refusal is { } refused)
        {
            // Refused before anything was built or stored; the pusher's commit stays in its own clone.
            await output.WriteLineAsync($" !     {refused}");
            return 1;
        }

        // The pusher leaving, or this hook call ending early, abandons the build if it is not deploying yet.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted, interruptions.PusherGone(context.Request.Headers[PushInterruptions.Header]));
        await using var abandon = interrupted.Token.Register(() => _ = AbandonAsync(grain, ticket.BuildId));
        span?.SetTag("build", ticket.BuildId);

        var outcome = BuildOutcome.Unknown;
        await foreach (var chunk in BuildLogFollower.FollowAsync(grain, ticket.BuildId, context.RequestAborted))
        {
            foreach (var line in chunk.Lines)
            {
                // The pusher's git prints these as remote: lines on its terminal.
                await output.WriteLineAsync(TerminalText.Neutralise(line));
            }

            await output.FlushAsync(context.RequestAborted);
            outcome = chunk.Outcome;
        }

        if (outcome != BuildOutcome.Succeeded)
        {
            return 1;
        }

        // Before git accepts the push, so a push that reports success can be served by any node.
        string? durability;
        using (var publishing = PaasTracing.StartStep("publish repository"))
        {
            durability = await publisher.PublishAsync(app, repository, quarantine, update.RefName, update.OldCommit, update.NewCommit, context.RequestAborted);
            if (durability is not null)
            {
                publishing?.SetStatus(ActivityStatusCode.Error, durability);
            }
        }

        // The app grain holds the branch for this push until told: the next push starts from here.
        await grain.EndPushAsync(ticket.BuildId, published: durability is null);
        if (durability is not null)
        {
            await output.WriteLineAsync($" !     {app} was deployed, but its repository could not be made durable across the cluster ({durability}); " +
                                        "the push is refused");
            return 1;
        }

        return 0;
    }

    private static async Task AbandonAsync(IAppGrain grain, int buildId)
    {
        try
        {
            await grain.AbandonBuildAsync(buildId);
        }
        catch (Exception)
        {
            // The grain is unreachable: its build runs to its end, as the pusher would have seen.
        }
    }

    private static string? Refusal(IReadOnlyList<RefUpdate>? updates)
    {
        if (updates is null || updates.Count == 0)
        {
            return "OrleansPaas: the hook received no valid ref updates";
        }

        if (updates.FirstOrDefault(u => !u.IsDeployBranch) is { } other)
        {
            return $"OrleansPaas: only main or master deploys; push to one of them ('{other.RefName}' was refused, nothing was updated)";
        }

        if (updates.Count > 1)
        {
            return "OrleansPaas: push main or master, not both at once";
        }

        return updates[0].IsDeletion ? "OrleansPaas: the deploy branch cannot be deleted" : null;
    }

    /// <summary>Accepts git's quarantine directory only where git makes it: directly in the repository's objects.</summary>
    private static string? QuarantineInside(string repository, string? quarantine)
    {
        if (string.IsNullOrEmpty(quarantine))
        {
            return null;
        }

        var full = System.IO.Path.GetFullPath(quarantine).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        var objects = System.IO.Path.GetFullPath(System.IO.Path.Combine(repository, "objects"));
        return System.IO.Path.GetDirectoryName(full) == objects ? full : null;
    }
}
