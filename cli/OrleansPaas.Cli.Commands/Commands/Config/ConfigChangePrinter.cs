using OrleansPaas.Contracts.Config;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Config;

/// <summary>Says what a config change did to the running app, which is what the user wonders next.</summary>
internal static class ConfigChangePrinter
{
    public static void Outcome(TextWriter writer, string app, ConfigView report, bool restart)
    {
        if (!restart)
        {
            writer.Note("not restarted (--no-restart): applies on the next restart or deploy");
        }
        else if (report.Release is { } release)
        {
            writer.Step($"Restarted {app} (release v{release})");
        }
        else
        {
            writer.Note($"{app} is not deployed yet: applies on its first deploy");
        }
    }
}
