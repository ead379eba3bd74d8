using System.Collections.Concurrent;
using System.Reflection;
using OrleansPaas.Apps;

namespace OrleansPaas.Tests.Runtime.Events;

/// <summary>
/// A grain factory for code that only asks app grains to reconcile: records which apps were asked,
/// and fails any other call (a test then sees what it did not expect).
/// </summary>
public class RecordingGrainFactory : DispatchProxy
{
    public ConcurrentQueue<string> Reconciled { get; private set; } = new();

    public static (IGrainFactory Factory, ConcurrentQueue<string> Reconciled) Create()
    {
        var factory = Create<IGrainFactory, RecordingGrainFactory>();
        return (factory, ((RecordingGrainFactory)(object)factory).Reconciled);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true }
            && targetMethod.GetGenericArguments()[0] == typeof(IAppGrain) && args?[0] is string app)
        {
            return RecordingAppGrain.For(app, Reconciled);
        }

        throw new NotSupportedException($"the test's grain factory does not do {targetMethod?.Name}");
    }
}
