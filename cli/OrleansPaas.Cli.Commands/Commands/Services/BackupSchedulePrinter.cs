using OrleansPaas.Cli.Output;
using OrleansPaas.Contracts.Services;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary>A service's backup schedules as a table (after each schedule command, and for services:backup-schedules).</summary>
internal static class BackupSchedulePrinter
{
    public static void Print(TextWriter output, string service, IReadOnlyList<BackupScheduleView> schedules)
    {
        output.Header($"{service} backup schedules");
        if (schedules.Count == 0)
        {
            output.Note($"No schedules: paas services:backup-schedule {service} \"0 3 * * *\"");
            return;
        }

        output.WriteTable(
            ["CRON (UTC)", "KEEP", "NEXT RUN", "LAST RUN", "LAST OUTCOME"],
            schedules.Select(s => new[]
            {
                s.Cron, s.Keep.ToString(System.Globalization.CultureInfo.InvariantCulture),
                s.NextRun is { } next ? ServiceBackupPrinter.Time(next) : "-",
                s.LastRun is { } last ? ServiceBackupPrinter.Time(last) : "-",
                s.LastOutcome is { } outcome ? SingleLine.From(outcome) : "-",
            }));
    }
}
