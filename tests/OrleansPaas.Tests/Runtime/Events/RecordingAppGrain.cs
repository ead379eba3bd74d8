using System.Collections.Concurrent;
using System.Reflection;
using OrleansPaas.Apps;
using OrleansPaas.Supervision;

namespace OrleansPaas.Tests.Runtime.Events;

/// <summary>An app grain that records <see cref="IAppGrain.ReconcileAsync"/> calls and does nothing else.</summary>
public class RecordingAppGrain : DispatchProxy
{
    private string _app = "";
    private ConcurrentQueue<string> _reconciled = new();

    public static IAppGrain For(string app, ConcurrentQueue<string> reconciled)
    {
        var grain = Create<IAppGrain, RecordingAppGrain>();
        var recorder = (RecordingAppGrain)(object)grain;
        recorder._app = app;
        recorder._reconciled = reconciled;
        return grain;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        // The exit watcher names the containers that died; an app hinted without one was not told what happened.
        if (targetMethod?.Name == nameof(IAppGrain.InstancesDiedAsync) && args?[0] is IReadOnlyList<InstanceDeath> { Count: > 0 }
            || targetMethod?.Name == nameof(IAppGrain.ReconcileAsync))
        {
            _reconciled.Enqueue(_app);
            return Task.CompletedTask;
        }

        throw new NotSupportedException($"the test's app grain does not do {targetMethod?.Name}");
    }
}
