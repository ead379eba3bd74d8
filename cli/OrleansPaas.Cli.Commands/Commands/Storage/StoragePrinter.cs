using OrleansPaas.Cli.Output;
using OrleansPaas.Contracts.Storage;

namespace OrleansPaas.Cli.Commands.Storage;

/// <summary>Human output of an app's mounts, Dokku's <c>storage:list</c> shape: one <c>source:container-path</c> a line.</summary>
internal static class StoragePrinter
{
    public static void Report(TextWriter writer, string app, StorageReport report)
    {
        writer.Header($"{app} volume bind-mounts");
        foreach (var mount in report.Mounts)
        {
            writer.WriteLine($"     {mount.Source}:{mount.ContainerPath}{(mount.Kind == "volume" ? $" (volume {mount.Name})" : "")}");
        }

        if (report.Placement is { } placement)
        {
            writer.WriteLine($"     {char.ToUpperInvariant(placement[0])}{placement[1..]}.");
        }
    }
}
