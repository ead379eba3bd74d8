using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Telemetry;

namespace OrleansPaas.Gateway.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// The platform's meter on <c>/metrics</c> (Prometheus' text format, through the OpenTelemetry SDK);
    /// with <c>Paas:Telemetry:OtlpEndpoint</c> also over OTLP, with the platform's traces. Without it
    /// no tracer exists, so nothing listens to <see cref="PaasTracing.Source"/> and no span is made.
    /// </summary>
    public static IServiceCollection AddPaasTelemetry(this IServiceCollection services, PaasOptions options)
    {
        var otlp = OtlpTarget.From(options.Telemetry);
        var telemetry = services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(PaasMetrics.MeterName).AddPrometheusExporter();
            if (otlp is not null)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    Point(exporter, otlp, otlp.Metrics);
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)otlp.MetricsInterval.TotalMilliseconds;
                });
            }
        });
        if (otlp is null)
        {
            return services;
        }

        // Each node is one instance of the one service, so a backend can tell the nodes of a cluster apart.
        telemetry.ConfigureResource(resource => resource.AddService("orleanspaas", serviceInstanceId: options.NodeName));
        telemetry.WithTracing(tracing => tracing
            .AddSource(PaasTracing.SourceName)
            .AddOtlpExporter(exporter => Point(exporter, otlp, otlp.Traces)));
        return services;
    }

    private static void Point(OtlpExporterOptions exporter, OtlpTarget target, Uri endpoint)
    {
        exporter.Protocol = target.Protocol;
        exporter.Endpoint = endpoint;
    }
}
