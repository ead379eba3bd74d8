using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;
using OrleansPaas.Routing;
using OrleansPaas.NodeServices.Repositories;
using OrleansPaas.Grains.Sleep;
using OrleansPaas.Grains.Supervision;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// One app's DESIRED state: releases, config, domains, formation, the instances placed for it,
/// and its build queue. It decides and records; nodes (<see cref="INodeGrain"/>) run containers,
/// a <see cref="Rollout"/> carries out a deploy, and reconciliation corrects what drifted.
/// The parts live in partial files by concern.
/// </summary>
// Reentrant so reads (info, config, build logs) never wait behind a deploy. Every change runs
// as one command at a time (RunCommandAsync): validate, act, then commit state once.
[Reentrant]
public sealed partial class AppGrain(
    [PersistentState("app", GrainStorage.Name)] IPersistentState<AppState> state,
    ClusterNodes nodes,
    IRepositoryStore repositories,
    IOptions<PaasOptions> options,
    OrleansPaas.NodeServices.Telemetry.PaasMetrics metrics,
    ILogger<AppGrain> logger) : Grain, IAppGrain
{
    public const string WebProcess = Rollout.WebProcess;

    // Grain turns interleave at awaits, so the scheduler alone does not serialise commands.
    private readonly SemaphoreSlim _commands = new(1, 1);
    // What runs: observed, never stored (see RunningInstances); filled from the nodes at activation.
    private readonly Supervision.RunningInstances _running = new();
    private AppName _name;

    private PaasOptions Settings => options.Value;
    private AppState State => state.State;
    private string VirtualHost => _name.VirtualHost(Settings.NormalizedDomain);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The key was parsed at the entry point; parse again so a grain can never act for a bad name.
        _name = AppName.Parse(this.GetPrimaryKeyString());
        _supervision = new PlanExecutor(_name, GrainFactory, _running, metrics, logger);
        _sleep = new SleepCycle(this, _supervision, nodes, Settings.Sleep, metrics, logger);
        // An app that may sleep keeps its idle clock running from its activation on (a silo restart
        // counts as activity: nothing is known about the time before).
        _sleep.ArmIdleTimer();
        await AdoptWhatRunsAsync();
    }

    public Task<AppCommandResult> EnsureCreatedAsync() => RunCommandAsync(CreateIfMissingAsync);

    public Task<AppCommandResult> CreateAsync() => RunCommandAsync(() => State.Exists
        ? Task.FromResult(AppCommandResult.Conflict($"app '{_name}' already exists"))
        : CreateIfMissingAsync());

    private async Task<AppCommandResult> CreateIfMissingAsync()
    {
        if (State.Exists)
        {
            // Idempotent, and repeated on every push: an app the registry lost is listed again.
            await GrainFactory.GetGrain<IAppRegistryGrain>(0).RegisterAsync(_name.Value);
            return AppCommandResult.Ok(Snapshot());
        }

        // The app's own host is claimed like any domain, so no other app can route it.
        var owner = await Domain(VirtualHost).ClaimAsync(_name.Value);
        if (owner != _name.Value)
        {
            return AppCommandResult.Conflict($"domain '{VirtualHost}' belongs to app '{owner}'");
        }

        State.CreatedAt = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IAppRegistryGrain>(0).RegisterAsync(_name.Value);
        LogCreated(logger, _name.Value);
        return AppCommandResult.Ok(Snapshot());
    }

    public async Task<AppCommandResult> DestroyAsync()
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        // Pushes in progress are abandoned and new ones refused, so no build can deploy into (or
        // create again) the app being removed. A deploy already under way finishes first.
        _destroying = true;
        try
        {
            Builds.AbandonAll("The app is being destroyed: this build is abandoned and nothing will be deployed");
            if (!await FinishedWithinAsync(Builds.Drained, DestroyWaitsForBuilds))
            {
                return AppCommandResult.Conflict($"a deploy of '{_name}' is finishing; destroy it again once it has");
            }

            return await RunCommandAsync(RemoveEverythingAsync);
        }
        finally
        {
            _destroying = false;
        }
    }

    // Well within a grain call's timeout; an abandoned build stops in seconds.
    private static readonly TimeSpan DestroyWaitsForBuilds = TimeSpan.FromSeconds(20);

    private static async Task<bool> FinishedWithinAsync(Task work, TimeSpan limit) =>
        work.IsCompleted || await Task.WhenAny(work, Task.Delay(limit)) == work;

    private async Task<AppCommandResult> RemoveEverythingAsync()
    {
        // Checked again inside the command: a build may still be queued behind a finishing deploy.
        if (BuildsInFlight > 0)
        {
            return AppCommandResult.Conflict($"app '{_name}' has a build in progress; destroy it when the build has finished");
        }

        // Routes first, so no request goes to instances that are about to stop.
        await GrainFactory.GetGrain<IRouteTableGrain>(0).RemoveAsync(_name.Value);
        Routes.Forget();
        await Certificates.ForgetAsync();
        // The cluster-wide copy first: a node that still has the repository on disk would
        // otherwise fill it back from the store on its next git request.
        await repositories.DeleteAsync(_name, CancellationToken.None);
        // Each node removes its instances, images, build cache and copy of the repository.
        await Task.WhenAll(nodes.Live().Select(node => GrainFactory.GetGrain<INodeGrain>(node).RemoveAppAsync(_name.Value)));
        foreach (var domain in State.Domains.Append(VirtualHost))
        {
            await Domain(domain).ReleaseAsync(_name.Value);
        }

        await Records.ForgetOutputsAsync(State.Builds);
        await GrainFactory.GetGrain<IAppRegistryGrain>(0).UnregisterAsync(_name.Value);
        await state.ClearStateAsync();
        state.State = new AppState();
        // Nothing of the app runs any more: an app created again before this activation ends starts from nothing.
        _running.Forget();
        _pushes.Forget();
        Builds.ForgetLogs();
        LogDestroyed(logger, _name.Value);
        DeactivateOnIdle();
        return AppCommandResult.Ok(AppInfo.Missing(_name.Value));
    }

    public Task<AppInfo> GetInfoAsync() => Task.FromResult(Snapshot());

    /// <summary>
    /// Runs one command at a time. A command that throws (a save that failed, a node or grain that
    /// did not answer) leaves memory as storage has it: the state is read back, so nothing the
    /// command set in memory is written later by another command or a pass.
    /// </summary>
    private async Task<T> RunCommandAsync<T>(Func<Task<T>> command)
    {
        await _commands.WaitAsync();
        try
        {
            return await command();
        }
        catch
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch
            {
                // Storage cannot be read either: the next call activates the grain afresh from it.
                DeactivateOnIdle();
            }

            throw;
        }
        finally
        {
            _commands.Release();
        }
    }

    private AppInfo Snapshot() => State.Exists
        ? new AppInfo(
            _name.Value,
            true,
            State.CreatedAt,
            State.Current,
            State.Releases.ToList(),
            _running.Instances.ToList(),
            BuildsInFlight,
            State.Domains.ToList(),
            new Dictionary<string, int>(State.Formation),
            State.Stopped,
            State.Config.Count,
            _running.Crashes.Values.ToList(),
            _sleep.Report())
        : AppInfo.Missing(_name.Value);

    private IDomainGrain Domain(string host) => GrainFactory.GetGrain<IDomainGrain>(host);

    private OrleansPaas.Tls.IAppCertificateGrain Certificates => GrainFactory.GetGrain<OrleansPaas.Tls.IAppCertificateGrain>(_name.Value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created app {App}")]
    private static partial void LogCreated(ILogger logger, string app);

    [LoggerMessage(Level = LogLevel.Information, Message = "Destroyed app {App}")]
    private static partial void LogDestroyed(ILogger logger, string app);
}
