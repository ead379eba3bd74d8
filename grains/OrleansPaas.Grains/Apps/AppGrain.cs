using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Configuration;
using OrleansPaas.Grains.Runtime;
using OrleansPaas.Grains.Storage.Repositories;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// One app: its release ledger, build queue, settings, containers and route entry — the single
/// writer for all of them. The parts live in partial files by concern: builds, instances, settings.
/// </summary>
// Reentrant: long lifecycle commands (deploys, scale, restarts) must not block reads, pushes
// queueing or each other's bookkeeping; mutual exclusion is explicit (_lifecycle, _writes).
[Reentrant]
public sealed partial class AppGrain(
    [PersistentState("app", GrainStorage.Name)] IPersistentState<AppState> state,
    IImageBuilder builder,
    IContainerRuntime runtime,
    IRepositoryStore repositories,
    IOptions<PaasOptions> options,
    DataPaths paths,
    ILogger<AppGrain> logger) : Grain, IAppGrain
{
    // Serialises everything that changes containers or routes (builds, scale, restarts, destroy):
    // grain turns interleave at awaits, so the single-threaded scheduler alone is not enough.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    // Overlapping WriteStateAsync calls would race on the stored version (ETag): one at a time.
    private readonly SemaphoreSlim _writes = new(1, 1);
    private AppName _name;

    private PaasOptions Settings => options.Value;
    private AppState State => state.State;
    private string VirtualHost => _name.VirtualHost(Settings.NormalizedDomain);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The key was parsed at the entry point; parse again so a grain can never act for a bad name.
        _name = AppName.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<AppCommandResult> EnsureCreatedAsync()
    {
        if (State.Exists)
        {
            return AppCommandResult.Ok(Snapshot());
        }

        // The app's own host is claimed like any domain, so no other app can route it.
        var owner = await Domain(VirtualHost).ClaimAsync(_name.Value);
        if (owner != _name.Value)
        {
            return AppCommandResult.Conflict($"domain '{VirtualHost}' belongs to app '{owner}'");
        }

        State.CreatedAt = DateTimeOffset.UtcNow;
        await SaveAsync();
        await GrainFactory.GetGrain<IAppRegistryGrain>(0).RegisterAsync(_name.Value);
        LogCreated(logger, _name.Value);
        return AppCommandResult.Ok(Snapshot());
    }

    public async Task<AppCommandResult> CreateAsync() =>
        State.Exists ? AppCommandResult.Conflict($"app '{_name}' already exists") : await EnsureCreatedAsync();

    public async Task<AppCommandResult> DestroyAsync()
    {
        if (!State.Exists)
        {
            return AppCommandResult.NotFound(_name.Value);
        }

        if (BuildsInFlight > 0)
        {
            return AppCommandResult.Conflict($"app '{_name}' has a build in progress; destroy it when the build has finished");
        }

        await _lifecycle.WaitAsync();
        try
        {
            var ct = CancellationToken.None;
            // Forget the instances first, so their exits are not taken for crashes to restart.
            State.Instances = [];
            await SaveAsync();
            await GrainFactory.GetGrain<OrleansPaas.Routing.IRouteTableGrain>(0).RemoveAsync(_name.Value);
            foreach (var instance in await runtime.ListAsync(_name, ct))
            {
                await runtime.StopAndRemoveAsync(instance.ContainerId, ct);
            }

            await runtime.RemoveAppImagesAsync(_name, ct);
            foreach (var domain in State.Domains.Append(VirtualHost))
            {
                await Domain(domain).ReleaseAsync(_name.Value);
            }

            // The cluster's copy first: a node that still has the repository on disk would
            // otherwise be re-filled from the store on its next git request.
            await repositories.DeleteAsync(_name, ct);
            DeleteDirectory(paths.Repository(_name));
            DeleteDirectory(paths.AppLogs(_name));
            await GrainFactory.GetGrain<IAppRegistryGrain>(0).UnregisterAsync(_name.Value);
            await _writes.WaitAsync();
            try
            {
                await state.ClearStateAsync();
            }
            finally
            {
                _writes.Release();
            }

            state.State = new AppState();
            _logs.Clear();
            LogDestroyed(logger, _name.Value);
            DeactivateOnIdle();
            return AppCommandResult.Ok(AppInfo.Missing(_name.Value));
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public Task<AppInfo> GetInfoAsync() => Task.FromResult(Snapshot());

    private async Task SaveAsync()
    {
        await _writes.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writes.Release();
        }
    }

    private AppInfo Snapshot() => State.Exists
        ? new AppInfo(
            _name.Value,
            true,
            State.CreatedAt,
            State.Current,
            State.Releases.ToList(),
            State.Instances.ToList(),
            BuildsInFlight,
            State.Domains.ToList(),
            new Dictionary<string, int>(State.Formation),
            State.Stopped,
            State.Config.Count,
            State.Crashes.Values.ToList())
        : AppInfo.Missing(_name.Value);

    private IDomainGrain Domain(string host) => GrainFactory.GetGrain<IDomainGrain>(host);

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static string Short(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created app {App}")]
    private static partial void LogCreated(ILogger logger, string app);

    [LoggerMessage(Level = LogLevel.Information, Message = "Destroyed app {App}")]
    private static partial void LogDestroyed(ILogger logger, string app);
}
