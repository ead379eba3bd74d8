using System.Globalization;
using OrleansPaas.Cli.Output;
using OrleansPaas.Contracts.Services;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary>How a backup and its verification read, in one place for services:backup, services:backups and services:info.</summary>
internal static class ServiceBackupPrinter
{
    public static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>"ok", or "failed: why" — a failure is spelled out, never only a word.</summary>
    public static string Verdict(ServiceBackupView backup) => backup.Verification switch
    {
        "ok" => "ok",
        _ when backup.VerificationDetail is { } detail => $"{backup.Verification}: {SingleLine.From(detail)}",
        _ => backup.Verification,
    };

    /// <summary>
    /// Where the backup is: "directory", "s3", "directory, s3", or "missing"; a copy that failed is spelled out
    /// ("directory; upload to s3 failed: …"), never only left out.
    /// </summary>
    public static string Where(ServiceBackupView backup)
    {
        var where = backup.Locations is { Count: > 0 } locations ? string.Join(", ", locations) : backup.Locations is null ? "directory" : "missing";
        var failed = (backup.Copies ?? []).Where(c => !c.Stored && backup.Locations?.Contains(c.Target) != true)
            .Select(c => $"upload to {c.Target} failed: {SingleLine.From(c.Detail)}");
        return string.Join("; ", [where, .. failed]);
    }

    /// <summary>The last backup as services:info shows it.</summary>
    public static string Summary(ServiceBackupView? backup) => backup is null
        ? "none"
        : $"{backup.Id} ({Time(backup.Created)}, {ByteSize.Format(backup.SizeBytes)}, {backup.Contents}), verification {Verdict(backup)}, in {Where(backup)}";
}
