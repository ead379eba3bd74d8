using System.Collections.Concurrent;
using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Nodes;

namespace OrleansPaas.Tests.Grains;

/// <summary>
/// An in-memory container engine: instances "run" until removed, and a test can make them fail —
/// crash one (it stays listed as exited, as in Docker), lose one without a trace, or make starts fail.
/// Its images are <see cref="FakeAppImages"/>.
/// </summary>
public sealed class FakeContainerRuntime : IInstanceContainers, IInstanceReadiness, IContainerLogs, IOneOffRuns
{
    private int _nextPort = 20000;

    /// <summary>The node name instances are labelled with: the test cluster's silo name.</summary>
    public string NodeName { get; set; } = "";

    public ConcurrentDictionary<string, (string App, InstanceInfo Instance)> Running { get; } = new();
    public ConcurrentDictionary<string, (string App, InstanceInfo Instance, long ExitCode)> Exited { get; } = new();
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Environments { get; } = new();

    /// <summary>The limits each container was started with (null: the node's defaults).</summary>
    public ConcurrentDictionary<string, OrleansPaas.Resources.ContainerResources?> Limits { get; } = new();

    /// <summary>Apps whose new instances never become ready (with this reason).</summary>
    public ConcurrentDictionary<string, string> FailingStarts { get; } = new();

    /// <summary>The exit code a failing start of an app reports (as the engine's inspect would); none when absent.</summary>
    public ConcurrentDictionary<string, long> FailingExitCodes { get; } = new();

    /// <summary>Called when an instance has started and before it is reported ready: lets a test act in the middle of a deploy.</summary>
    public Func<InstanceInfo, Task>? OnStarted { get; set; }

    /// <summary>Every container run to completion (release phase, deploy scripts, cron jobs), in order.</summary>
    public ConcurrentQueue<ContainerSpec> OneOffs { get; } = new();

    /// <summary>Apps whose runs to completion go on until the test completes the source (with the exit code).</summary>
    public ConcurrentDictionary<string, TaskCompletionSource<long>> HeldOneOffs { get; } = new();

    public Task<long> RunToCompletionAsync(ContainerSpec spec, Func<bool, string, Task> onOutput, CancellationToken cancellationToken)
    {
        OneOffs.Enqueue(spec);
        return HeldOneOffs.TryGetValue(spec.App.Value, out var held) ? held.Task.WaitAsync(cancellationToken) : Task.FromResult(0L);
    }

    public Task<ReadinessResult> CheckRunningAsync(InstanceInfo instance, CancellationToken cancellationToken) => Task.FromResult(Readiness(instance));

    public async Task<InstanceInfo> StartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var instance = new InstanceInfo(Guid.NewGuid().ToString("N"), spec.Process, spec.ReleaseVersion, "127.0.0.1",
            spec.ReceivesTraffic ? Interlocked.Increment(ref _nextPort) : 0, spec.Index, NodeName);
        Environments[instance.ContainerId] = spec.Environment;
        Limits[instance.ContainerId] = spec.Resources;
        Running[instance.ContainerId] = (spec.App.Value, instance);
        if (OnStarted is { } hook)
        {
            await hook(instance);
        }

        return instance;
    }

    public Task<ReadinessResult> WaitReadyAsync(InstanceInfo instance, string hostHeader, TimeSpan timeout, IReadOnlyList<HealthCheck> checks, CancellationToken cancellationToken) =>
        Task.FromResult(Readiness(instance));

    /// <summary>The instance's process exits: the engine keeps the container, stopped, with its exit code.</summary>
    public void Crash(string containerId, long exitCode)
    {
        if (Running.TryRemove(containerId, out var entry))
        {
            Exited[containerId] = (entry.App, entry.Instance, exitCode);
        }
    }

    /// <summary>The container disappears without a trace (removed by hand, engine reset).</summary>
    public void Lose(string containerId) => Running.TryRemove(containerId, out _);

    public Task<IReadOnlyList<string>> TailAsync(string containerId, int lines, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(["fake last line"]);

    /// <summary>Engine list calls so far of every app's containers.</summary>
    public int ListsOfEveryApp => _listsOfEveryApp;

    /// <summary>Engine list calls so far of one app's containers.</summary>
    public int ListsOf(string app) => _listsOfOneApp.GetValueOrDefault(app);

    private int _listsOfEveryApp;
    private readonly ConcurrentDictionary<string, int> _listsOfOneApp = new(StringComparer.Ordinal);

    /// <summary>Awaited by every list call before it answers (an engine that is slow or never answers).</summary>
    public Func<CancellationToken, Task>? BeforeList { get; set; }

    public async Task<IReadOnlyList<NodeInstance>> ListNodeInstancesAsync(AppName? app, CancellationToken cancellationToken)
    {
        if (app is { } one)
        {
            _listsOfOneApp.AddOrUpdate(one.Value, 1, (_, count) => count + 1);
        }
        else
        {
            Interlocked.Increment(ref _listsOfEveryApp);
        }

        if (BeforeList is { } engineAnswers)
        {
            await engineAnswers(cancellationToken);
        }

        return Running.Values.Select(r => new NodeInstance(r.App, r.Instance, true, null))
            .Concat(Exited.Values.Select(e => new NodeInstance(e.App, e.Instance, false, e.ExitCode)))
            .Where(i => app is null || i.App == app.Value.Value)
            .ToList();
    }

    public Task<(long MemoryBytes, int Cpus)> GetCapacityAsync(CancellationToken cancellationToken) => Task.FromResult((8L << 30, 2));

    public Task StopAndRemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        Running.TryRemove(containerId, out _);
        Exited.TryRemove(containerId, out _);
        return Task.CompletedTask;
    }

    public Task StopKeepingAsync(string containerId, CancellationToken cancellationToken)
    {
        Crash(containerId, 0);
        return Task.CompletedTask;
    }

    public Task<InstanceInfo?> ResumeAsync(InstanceInfo parked, CancellationToken cancellationToken)
    {
        if (!Exited.TryRemove(parked.ContainerId, out var entry))
        {
            return Task.FromResult(Running.ContainsKey(parked.ContainerId) ? parked : null);
        }

        Running[parked.ContainerId] = (entry.App, entry.Instance);
        return Task.FromResult<InstanceInfo?>(parked);
    }

    private ReadinessResult Readiness(InstanceInfo instance) =>
        !Running.TryGetValue(instance.ContainerId, out var entry)
            ? ReadinessResult.Failed($"{instance.Name} exited before answering")
            : FailingStarts.TryGetValue(entry.App, out var reason)
                ? ReadinessResult.Failed(reason, FailingExitCodes.TryGetValue(entry.App, out var code) ? code : null)
                : ReadinessResult.Answered;
}
