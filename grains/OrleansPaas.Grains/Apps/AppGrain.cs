using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Attachments;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.Grains.Releases;
using OrleansPaas.Grains.Sleep;
using OrleansPaas.Grains.Supervision;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Repositories;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// One app's DESIRED state: releases, config, domains, formation and its build queue. It decides
/// and records; nodes (<see cref="INodeGrain"/>) run containers, a <see cref="Rollout"/> carries out
/// a deploy, and reconciliation corrects what drifted. The parts live in partial files by concern.
/// </summary>
// Reentrant so reads (info, config, build logs) never wait behind a deploy. Every change runs as
// one command at a time (RunCommandAsync): validate, change desired state once, save, converge.
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

    private readonly CommandGate _commands = new();
    // What runs: observed, never stored (see RunningInstances); filled from the nodes at activation.
    private readonly RunningInstances _running = new();
    private AppName _name;

    private PaasOptions Settings => options.Value;
    private AppState State => state.State;
    private string VirtualHost => _name.VirtualHost(Settings.NormalizedDomain);
    private DomainClaims Claims => new(_name, GrainFactory);
    /// <summary>The answer to a command on an app that does not exist; null when it does.</summary>
    private AppCommandResult? Missing => State.Exists ? null : AppCommandResult.NotFound(_name.Value);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The key was parsed at the entry point; parse again so a grain can never act for a bad name.
        _name = AppName.Parse(this.GetPrimaryKeyString());
        _builds = new AppBuilds(_name, this, nodes.Local, GrainFactory, metrics, Settings.Builds.Keep, logger);
        _supervision = new PlanExecutor(_name, GrainFactory, nodes, _running, metrics, logger);
        _sleep = new SleepCycle(this, _supervision, nodes, Settings.Sleep, metrics, logger);
        _deployment = new AppDeployment(this, GrainFactory, nodes, Settings, metrics, logger);
        _storageMove = new StorageMove(this, _deployment, GrainFactory, nodes, Settings, logger);
        _attachmentChanges = new AttachmentChanges(this, GrainFactory, Settings);
        _domains = new AppDomains(this, GrainFactory);
        _jobs = new BuildAndDeploy(this, _builds, _deployment, GrainFactory, nodes);
        // An app that may sleep keeps its idle clock running from its activation on (a silo restart
        // counts as activity: nothing is known about the time before).
        _sleep.ArmIdleTimer();
        await FailInterruptedWorkAsync();
        await AdoptWhatRunsAsync();
    }

    /// <summary>
    /// A deploy or build that an earlier activation was carrying out when its node died never
    /// finishes: its release and build record are marked failed, so neither stays "pending" or
    /// "queued" for ever. A failed write is tried again by the next activation.
    /// </summary>
    private async Task FailInterruptedWorkAsync()
    {
        var now = DateTimeOffset.UtcNow;
        if (State.Exists && ReleaseLedger.FailInterrupted(State.Releases, State.CurrentVersion)
            + BuildRecords.FailInterrupted(State.Builds, now) > 0)
        {
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception)
            {
                // Memory stays as storage has it; the app still serves, and a later activation marks them.
                await state.ReadStateAsync();
            }
        }
    }

    public Task<AppCommandResult> EnsureCreatedAsync() => RunCommandAsync(CreateIfMissingAsync);

    public Task<AppCommandResult> CreateAsync() => RunCommandAsync(() => State.Exists
        ? Task.FromResult(AppCommandResult.Conflict($"app '{_name}' already exists"))
        : CreateIfMissingAsync());

    private async Task<AppCommandResult> CreateIfMissingAsync()
    {
        if (!State.Exists)
        {
            // The app's own host is claimed like any domain, so no other app can route it.
            if (await Claims.ClaimAsync(VirtualHost) is { } taken)
            {
                return taken;
            }

            State.CreatedAt = DateTimeOffset.UtcNow;
            await state.WriteStateAsync();
            LogCreated(logger, _name.Value);
        }

        // Idempotent, and repeated on every push: an app the registry lost is listed again.
        await GrainFactory.GetGrain<IAppRegistryGrain>(0).RegisterAsync(_name.Value);
        return AppCommandResult.Ok(Snapshot());
    }

    public async Task<AppCommandResult> DestroyAsync()
    {
        if (Missing is { } missing)
        {
            return missing;
        }

        // Pushes in progress are abandoned and new ones refused, so no build can deploy into (or
        // create again) the app being removed. A deploy already under way finishes first (well
        // within a grain call's timeout; an abandoned build stops in seconds).
        if (!await _builds.DrainForDestroyAsync(TimeSpan.FromSeconds(20)))
        {
            return AppCommandResult.Conflict($"a deploy of '{_name}' is finishing; destroy it again once it has");
        }

        // Old instances still draining after the last deploy are stopped by their retirement first (it
        // ends with a command of its own, so it is awaited before this one): removing them at the same
        // time had the engine refuse one of the two removals.
        await _deployment.Retiring.SettledAsync();
        return await RunCommandAsync(RemoveEverythingAsync);
    }

    private async Task<AppCommandResult> RemoveEverythingAsync()
    {
        // Checked again inside the command: a build may still be queued behind a finishing deploy.
        if (BuildsInFlight > 0)
        {
            return AppCommandResult.Conflict($"app '{_name}' has a build in progress; destroy it when the build has finished");
        }

        // From the first step on, this activation's last published route is no longer what gateways hold.
        Routes.Forget();
        await new AppRemoval(_name, GrainFactory, repositories, nodes).RemoveAsync(State.Domains.Append(VirtualHost), Attachments.Ports, Records, State.Builds);
        // Its scheduled jobs stop with it, before an app of the same name could be created again.
        await GrainFactory.GetGrain<OrleansPaas.Cron.ICronGrain>(_name.Value).ForgetAsync();
        await state.ClearStateAsync();
        state.State = new AppState();
        // Nothing of the app runs any more: an app created again before this activation ends starts from nothing.
        _running.Forget();
        _builds.Forget();
        LogDestroyed(logger, _name.Value);
        DeactivateOnIdle();
        return AppCommandResult.Ok(AppInfo.Missing(_name.Value));
    }

    public Task<AppInfo> GetInfoAsync() => Task.FromResult(Snapshot());

    /// <summary>Runs one command at a time; one that throws leaves memory as storage has it, or (unreadable) the grain goes.</summary>
    private Task<T> RunCommandAsync<T>(Func<Task<T>> command) => _commands.RunAsync(command, () => state.ReadStateAsync(), DeactivateOnIdle);

    /// <summary>A command on an existing app: refused by <paramref name="refusal"/> (checked before waiting for a turn) or run as one command.</summary>
    private async Task<AppCommandResult> WithAppAsync(Func<AppCommandResult?> refusal, Func<Task<AppCommandResult>> command) =>
        (Missing ?? refusal()) is { } refused ? refused : await RunCommandAsync(command);

    /// <summary>A lifecycle command that needs a deployed app, as one command.</summary>
    private Task<AppCommandResult> WithDeployedAppAsync(Func<Task<AppCommandResult>> command) => WithAppAsync(() =>
        State.Current is null ? AppCommandResult.Failed($"app '{_name}' has not been deployed yet; push to it first") : null, command);

    /// <summary>Changes desired state that nothing running needs to follow yet, and saves it.</summary>
    private async Task<AppCommandResult> StoreAsync(Action change)
    {
        change();
        await state.WriteStateAsync();
        return AppCommandResult.Ok(Snapshot());
    }

    private AppInfo Snapshot() => State.Exists
        ? new AppInfo(_name.Value, true, State.CreatedAt, State.Current, State.Releases.ToList(), _running.Instances.ToList(),
            BuildsInFlight, State.Domains.ToList(), new Dictionary<string, int>(State.Formation), State.Stopped,
            State.Config.Count, _running.Crashes.Values.ToList(), _sleep.Report(), State.Resources ?? OrleansPaas.Resources.ResourceLimits.None,
            Settings.Deploy.ResourcesFor(State.Resources), Attachments, State.StorageNode)
        : AppInfo.Missing(_name.Value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created app {App}")]
    private static partial void LogCreated(ILogger logger, string app);

    [LoggerMessage(Level = LogLevel.Information, Message = "Destroyed app {App}")]
    private static partial void LogDestroyed(ILogger logger, string app);
}
