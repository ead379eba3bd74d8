using System.Diagnostics;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Telemetry;

namespace OrleansPaas.Gateway.Git;

/// <summary>
/// Serves one git request for an app, whatever door it came through: a smart HTTP POST (one
/// stateless round) or an SSH session (the whole conversation). Both take the same steps — the
/// push gate, the repository brought up to the cluster's copy (created on a first push), the
/// pre-receive hook's way back to this node, the pusher's departure linked to the hook — so a push
/// over SSH builds, deploys and refuses exactly as one over HTTP.
/// </summary>
public sealed class GitServing(
    AppRepositories repositories,
    RepositorySync sync,
    HookEndpoint hook,
    PushInterruptions interruptions,
    PushOutcomes outcomes,
    IOptions<PaasOptions> options)
{
    /// <summary>
    /// Runs git for <paramref name="app"/> between <paramref name="input"/> and <paramref name="output"/>;
    /// null when the request was refused before git ran (the reason went to the client as an <c>ERR</c> packet).
    /// </summary>
    /// <param name="statelessRpc">True for smart HTTP (git's <c>--stateless-rpc</c>); false for a whole SSH conversation.</param>
    /// <param name="clientGone">Fires when the pusher has left (Ctrl-C, a dropped connection).</param>
    /// <param name="pushOutcome">Told how a push's hook ended (git's own status says nothing of a failed build), for the audit trail.</param>
    public async Task<int?> ServeAsync(AppName app, GitService git, bool statelessRpc, Stream input, Stream output, CancellationToken clientGone,
        Action<string>? pushOutcome = null)
    {
        var isPush = git == GitService.ReceivePack;
        using var push = isPush ? interruptions.Begin(clientGone) : null;
        // A push is one trace from here to its route switch; git hands the span to the hook through its environment.
        using var span = isPush ? PaasTracing.Start("push", ActivityKind.Server) : null;
        span?.SetTag("app", app.Value);
        var environment = new Dictionary<string, string>
        {
            [PushInterruptions.EnvironmentVariable] = push?.Id ?? "",
            [PreReceiveHookScript.TraceParentVariable] = span?.Id ?? "",
            ["PAAS_HOOK_HOST"] = hook.Host,
            ["PAAS_HOOK_PORT"] = hook.Port.ToString(),
            ["PAAS_HOOK_HOST_HEADER"] = hook.HostHeader,
            ["PAAS_HOOK_TOKEN"] = hook.Secret,
            ["PAAS_APP"] = app.Value,
        };
        var gate = isPush ? repositories.PushGate(app) : null;
        if (gate is not null)
        {
            await gate.WaitAsync(clientGone);
        }

        try
        {
            if (!await PrepareAsync(app, git, output, insidePushGate: gate is not null, clientGone))
            {
                return null;
            }

            var exitCode = await GitProcess.RunAsync(git, repositories.PathOf(app), advertiseRefs: false, PushLimits(git, options.Value.Git.MaxPushBytes), input,
                output, environment, clientGone, finishWithoutClient: isPush, statelessRpc: statelessRpc);
            span?.SetTag("git.exit_code", exitCode);
            if (push is not null && outcomes.Take(push.Id) is { } outcome)
            {
                pushOutcome?.Invoke(outcome);
            }

            return exitCode;
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>
    /// Makes sure the app's repository can serve the request: brought up to the cluster's copy
    /// first (any node may take any request), then created for a first push, or refused when
    /// the app has no repository anywhere. Refusals are written to <paramref name="output"/> as git <c>ERR</c> packets.
    /// </summary>
    public async Task<bool> PrepareAsync(AppName app, GitService git, Stream output, bool insidePushGate, CancellationToken clientGone)
    {
        try
        {
            await (insidePushGate ? sync.SyncForPushAsync(app, clientGone) : sync.SyncForReadAsync(app, clientGone));
        }
        catch (Exception ex) when (!clientGone.IsCancellationRequested)
        {
            await output.WriteAsync(PktLine.Error($"the repository of '{app}' could not be brought up to date from the cluster: {ex.GetBaseException().Message}"));
            return false;
        }

        if (git == GitService.ReceivePack)
        {
            // The first push to an unknown app creates it, as in Dokku.
            await repositories.EnsureAsync(app, clientGone);
            return true;
        }

        if (!repositories.Exists(app))
        {
            await output.WriteAsync(PktLine.Error($"app '{app}' does not exist"));
            return false;
        }

        return true;
    }

    /// <summary>
    /// What git itself enforces on a push: the pack's size once decompressed (a gzip bomb stops
    /// there: git stops reading and the feed ends) and well-formed objects. Git refuses before any
    /// ref moves or the hook runs, so a refused push changes nothing.
    /// </summary>
    private static IReadOnlyList<string> PushLimits(GitService git, long maxPushBytes) =>
        git == GitService.ReceivePack ? [$"receive.maxInputSize={maxPushBytes}", "receive.fsckObjects=true"] : [];
}
