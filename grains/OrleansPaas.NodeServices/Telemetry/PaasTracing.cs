using System.Diagnostics;
using Orleans.Runtime;

namespace OrleansPaas.NodeServices.Telemetry;

/// <summary>
/// The platform's spans on the <c>OrleansPaas</c> ActivitySource: a push as one trace from its receive
/// through build, release and deploy to the route switch, and each request through the gateway. Only
/// <c>Paas:Telemetry:OtlpEndpoint</c> adds a listener; without one no span is ever created.
/// </summary>
public static class PaasTracing
{
    public const string SourceName = "OrleansPaas";

    // Orleans does not flow Activity.Current into a grain call, and its own propagation only works
    // when every grain call is traced; the one span a grain needs goes in the call context instead.
    private const string CarriedKey = "paas.traceparent";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>
    /// A span whose parent is exactly <paramref name="parent"/>; without one, a trace of its own. The
    /// ambient activity is not taken: the control port's request activity, which nothing records,
    /// would make the sampler drop the span. Null when nothing listens.
    /// </summary>
    public static Activity? Start(string name, ActivityKind kind, ActivityContext parent = default)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        if (parent != default)
        {
            return Source.StartActivity(name, kind, parent);
        }

        // Setting Activity.Current here changes only the calling method's flow, not its caller's.
        var ambient = Activity.Current;
        Activity.Current = null;
        var span = Source.StartActivity(name, kind);
        if (span is null)
        {
            Activity.Current = ambient;
        }

        return span;
    }

    /// <summary>
    /// A step of the traced operation under way (a push's build, its deploy …); outside one, none: the
    /// same steps also run for rollbacks, scaling and reconciliation, which are not traced.
    /// </summary>
    public static Activity? StartStep(string name) =>
        Activity.Current is { } operation && operation.Source == Source ? Source.StartActivity(name) : null;

    /// <summary>A W3C <c>traceparent</c> (and <c>tracestate</c>) from another process, or default when absent or malformed.</summary>
    public static ActivityContext Parse(string? traceParent, string? traceState = null) =>
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;

    /// <summary>
    /// Hands <paramref name="span"/> to the grain calls the caller makes until the returned scope
    /// ends (read there with <see cref="TakeCarried"/>): only the call that starts the traced work
    /// should carry it, not every later call of the same request.
    /// </summary>
    public static IDisposable Carry(Activity? span)
    {
        if (span?.Id is not { } id)
        {
            return NothingCarried.Instance;
        }

        RequestContext.Set(CarriedKey, id);
        return new CarriedScope();
    }

    private sealed class CarriedScope : IDisposable
    {
        public void Dispose() => RequestContext.Remove(CarriedKey);
    }

    private sealed class NothingCarried : IDisposable
    {
        public static readonly NothingCarried Instance = new();

        public void Dispose()
        {
        }
    }

    /// <summary>
    /// In a grain call: the span its caller handed over, or default. Taken out of the call context, so
    /// work the grain starts from this call (its build queue) does not pass it on to unrelated calls.
    /// </summary>
    public static ActivityContext TakeCarried()
    {
        if (RequestContext.Get(CarriedKey) is not string id)
        {
            return default;
        }

        RequestContext.Remove(CarriedKey);
        return Parse(id);
    }
}
