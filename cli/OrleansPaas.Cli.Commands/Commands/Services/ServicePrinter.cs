using System.Globalization;
using OrleansPaas.Cli.Output;
using OrleansPaas.Contracts.Services;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary>One service laid out like Dokku's <c>*:info</c>.</summary>
internal static class ServicePrinter
{
    public static void Print(TextWriter output, ServiceView service)
    {
        output.Header($"{service.Name} service information");
        output.KeyValues(
        [
            ("Kind", service.Kind),
            ("Version", service.Version),
            ("Image", service.Image),
            ("Node", service.Node),
            ("Status", service.Status),
            ("Volume", service.Volume),
            ("Internal host", $"{service.Host}:{service.Port.ToString(CultureInfo.InvariantCulture)}"),
            ("Links", service.Links.Count == 0 ? "none" : string.Join(' ', service.Links.Select(l => $"{l.App} ({l.Variable})"))),
            ("Created", service.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)),
            ("Last backup", ServiceBackupPrinter.Summary(service.LastBackup)),
        ]);
    }
}
