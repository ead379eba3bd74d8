using System.Diagnostics;
using OrleansPaas.NodeServices.Telemetry;

namespace OrleansPaas.Tests.Telemetry;

/// <summary>
/// The spans' parents, with a listener of the test's own standing in for the OTLP exporter. The tests
/// of a class run one after the other and each removes its listener, so "nothing listens" holds.
/// </summary>
public sealed class PaasTracingTests
{
    [Fact]
    public void Start_NothingListens_MakesNoSpan()
    {
        Assert.False(PaasTracing.Source.HasListeners());
        Assert.Null(PaasTracing.Start("push", ActivityKind.Server));
        Assert.Null(PaasTracing.StartStep("build"));
    }

    [Fact]
    public void Start_WithoutParent_BeginsATraceOfItsOwnEvenInsideAnotherActivity()
    {
        using var listening = Listen();
        using var ambient = new Activity("unrecorded request").Start();

        using var span = PaasTracing.Start("push", ActivityKind.Server)!;

        Assert.Null(span.Parent);
        Assert.Equal(default, span.ParentSpanId);
        Assert.NotEqual(ambient.TraceId, span.TraceId);
    }

    [Fact]
    public void CarryAndTake_HandTheSpanOverThroughTheCallContext_Once()
    {
        using var listening = Listen();
        using var push = PaasTracing.Start("push", ActivityKind.Server)!;

        ActivityContext carried;
        using (PaasTracing.Carry(push))
        {
            carried = PaasTracing.TakeCarried();
        }

        Assert.Equal((push.TraceId, push.SpanId, true), (carried.TraceId, carried.SpanId, carried.IsRemote));
        Assert.Equal(default, PaasTracing.TakeCarried());
        using var job = PaasTracing.Start("build and deploy", ActivityKind.Internal, carried)!;
        Assert.Equal((push.TraceId, push.SpanId), (job.TraceId, job.ParentSpanId));
        using var step = PaasTracing.StartStep("build")!;
        Assert.Equal(job.SpanId, step.ParentSpanId);
    }

    [Fact]
    public void Carry_EndedScope_LeavesNothingForLaterCalls()
    {
        using var listening = Listen();
        using var push = PaasTracing.Start("push", ActivityKind.Server)!;

        using (PaasTracing.Carry(push))
        {
        }

        Assert.Equal(default, PaasTracing.TakeCarried());
    }

    [Fact]
    public void StartStep_OutsideATracedOperation_MakesNoSpan()
    {
        using var listening = Listen();
        using var other = new Activity("someone else's").Start();

        Assert.Null(PaasTracing.StartStep("switch routes"));
    }

    [Fact]
    public void Parse_MalformedTraceParent_IsNoParent()
    {
        Assert.Equal(default, PaasTracing.Parse("not-a-traceparent"));
        Assert.Equal(default, PaasTracing.Parse(null));
    }

    private static ActivityListener Listen()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PaasTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
