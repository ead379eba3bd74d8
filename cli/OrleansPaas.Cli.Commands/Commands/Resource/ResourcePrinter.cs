using OrleansPaas.Cli.Output;
using OrleansPaas.Contracts.Resources;

namespace OrleansPaas.Cli.Commands.Resource;

/// <summary>Human output of an app's limits, Dokku's report shape: the value in force, and "(default)" where the app set none.</summary>
internal static class ResourcePrinter
{
    public static void Report(TextWriter writer, string app, ResourceReport report)
    {
        writer.Header($"{app} resource information");
        writer.KeyValues(
        [
            ("Limit cpu", Sourced(report.Cpu, report.CpuSource)),
            ("Limit memory", Sourced(report.Memory, report.MemorySource)),
            ("Limit pids", report.PidsLimit.ToString()),
            ("Limit disk", report.Disk ?? "none"),
            ("Capabilities", report.Capabilities.Count == 0 ? "none" : string.Join(' ', report.Capabilities)),
            ("No new privileges", report.NoNewPrivileges ? "true" : "false"),
        ]);
    }

    private static string Sourced(string value, string source) => source == "default" ? $"{value} (default)" : value;
}
