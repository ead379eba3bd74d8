using System.CommandLine;
using OrleansPaas.Contracts.Config;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Config;

/// <summary><c>paas config:show NAME</c>, Dokku's layout: a header, then unindented aligned <c>KEY:  value</c>.</summary>
internal static class ConfigShowCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "config:show",
        "Show an app's config vars",
        (client, app, ct) => client.GetConfigAsync(app, ct),
        (_, app, report) => Print(context.Out, app, report));

    private static void Print(TextWriter writer, string app, ConfigView report)
    {
        writer.Header($"{app} env vars");
        if (report.Vars.Count == 0)
        {
            writer.Note("no config vars");
            return;
        }

        writer.KeyValues(report.Vars.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => (v.Key, v.Value)).ToList(), indent: "");
    }
}
