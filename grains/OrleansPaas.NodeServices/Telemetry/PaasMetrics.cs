using System.Diagnostics.Metrics;
using OrleansPaas.Builds;

namespace OrleansPaas.NodeServices.Telemetry;

/// <summary>
/// The platform's own figures on the <c>OrleansPaas</c> meter (exported on <c>/metrics</c>): builds,
/// deploys, crashes and wakes, recorded by the app grains on the node that hosts them, and the node
/// process's memory. The gateway adds its per-request figures to the same meter.
/// </summary>
public sealed class PaasMetrics
{
    public const string MeterName = "OrleansPaas";

    private readonly Counter<long> _builds;
    private readonly Histogram<double> _buildDuration;
    private readonly Histogram<double> _deployDuration;
    private readonly Counter<long> _crashes;
    private readonly Counter<long> _wakes;
    private readonly Histogram<double> _wakeDuration;

    public PaasMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _builds = Meter.CreateCounter<long>("paas.builds", "{build}", "Builds that ended, by app and result");
        _buildDuration = Meter.CreateHistogram<double>("paas.build.duration", "s", "From queued to deployed or failed");
        _deployDuration = Meter.CreateHistogram<double>("paas.deploy.duration", "s", "Deploys, scales, restarts and rollbacks: from start to serving, by app and result");
        _crashes = Meter.CreateCounter<long>("paas.instance.crashes", "{crash}", "Instances that exited or did not come up; each is restarted with back-off");
        _wakes = Meter.CreateCounter<long>("paas.wakes", "{wake}", "Wakes of sleeping apps, by app and result");
        _wakeDuration = Meter.CreateHistogram<double>("paas.wake.duration", "s", "From the first held request's wake call to the app's instances passing their checks");
        Meter.CreateObservableGauge("paas.node.process.memory", () => Environment.WorkingSet, "By", "Resident memory of this node's platform process");
    }

    /// <summary>The meter, for instruments that live elsewhere (the gateway's).</summary>
    public Meter Meter { get; }

    public void BuildEnded(string app, BuildOutcome outcome, TimeSpan took)
    {
        var result = new KeyValuePair<string, object?>("result", outcome.ToString().ToLowerInvariant());
        _builds.Add(1, App(app), result);
        _buildDuration.Record(took.TotalSeconds, App(app), result);
    }

    public void DeployEnded(string app, bool succeeded, TimeSpan took) =>
        _deployDuration.Record(took.TotalSeconds, App(app), new("result", succeeded ? "succeeded" : "failed"));

    public void Crashed(string app) => _crashes.Add(1, App(app));

    public void WakeEnded(string app, bool awake, TimeSpan took)
    {
        _wakes.Add(1, App(app), new("result", awake ? "awake" : "failed"));
        if (awake)
        {
            _wakeDuration.Record(took.TotalSeconds, App(app));
        }
    }

    private static KeyValuePair<string, object?> App(string app) => new("app", app);
}
