using OrleansPaas.Cli.Output;
using OrleansPaas.Contracts.Ports;

namespace OrleansPaas.Cli.Commands.Ports;

/// <summary>Human output of an app's published ports, Dokku's <c>ports:list</c> shape.</summary>
internal static class PortsPrinter
{
    public static void Report(TextWriter writer, string app, PortsReport report)
    {
        writer.Header($"{app} port mappings");
        writer.WriteTable(["scheme", "host port", "container port"],
            report.Ports.Select(p => (IReadOnlyList<string>)[p.Protocol, p.HostPort.ToString(), p.ContainerPort.ToString()]));
        if (report.Process is { } process)
        {
            writer.WriteLine($"Published by {process} (one instance){(report.Node is { } node ? $" on node {node}" : "")}.");
        }
    }
}
