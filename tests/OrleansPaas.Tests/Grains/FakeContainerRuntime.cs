using System.Collections.Concurrent;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Runtime;

namespace OrleansPaas.Tests.Grains;

/// <summary>An in-memory container engine: instances "run" until removed.</summary>
public sealed class FakeContainerRuntime : IContainerRuntime
{
    private int _nextPort = 20000;

    public ConcurrentDictionary<string, (string App, InstanceInfo Instance)> Running { get; } = new();
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Environments { get; } = new();
    public ConcurrentBag<string> RemovedImagesOf { get; } = [];

    public Task<int?> GetExposedPortAsync(string image, CancellationToken cancellationToken) => Task.FromResult<int?>(null);

    public Task TagAsync(string image, string newReference, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<long> RunToCompletionAsync(ContainerSpec spec, Func<bool, string, Task> onOutput, CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task<ReadinessResult> CheckRunningAsync(InstanceInfo instance, CancellationToken cancellationToken) => Task.FromResult(ReadinessResult.Answered);

    public Task RemoveImageAsync(string reference, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<InstanceInfo> StartAsync(ContainerSpec spec, CancellationToken cancellationToken)
    {
        var instance = new InstanceInfo(Guid.NewGuid().ToString("N"), spec.Process, spec.ReleaseVersion, "127.0.0.1", Interlocked.Increment(ref _nextPort), spec.Index);
        Environments[instance.ContainerId] = spec.Environment;
        Running[instance.ContainerId] = (spec.App.Value, instance);
        return Task.FromResult(instance);
    }

    public Task<ReadinessResult> WaitReadyAsync(InstanceInfo instance, string hostHeader, TimeSpan timeout, IReadOnlyList<HealthCheck> checks, CancellationToken cancellationToken) =>
        Task.FromResult(ReadinessResult.Answered);

    public Task<IReadOnlyList<string>> TailAsync(string containerId, int lines, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(["fake last line"]);

    public ConcurrentBag<IReadOnlySet<string>> Prunes { get; } = [];

    public Task PruneAsync(AppName app, IReadOnlySet<string> keepImages, CancellationToken cancellationToken)
    {
        Prunes.Add(keepImages);
        return Task.CompletedTask;
    }

    public Task<long> ImageBytesAsync(AppName app, CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task<IReadOnlyList<InstanceInfo>> ListAsync(AppName app, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InstanceInfo>>(Running.Values.Where(r => r.App == app.Value).Select(r => r.Instance).ToList());

    public Task RemoveAppImagesAsync(AppName app, CancellationToken cancellationToken)
    {
        RemovedImagesOf.Add(app.Value);
        return Task.CompletedTask;
    }

    public Task StopAndRemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        Running.TryRemove(containerId, out _);
        return Task.CompletedTask;
    }
}
