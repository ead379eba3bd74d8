using System.CommandLine;
using System.Globalization;
using OrleansPaas.Contracts.Apps;
using OrleansPaas.Cli.Commands.Ps;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Apps;

/// <summary><c>paas apps:info NAME</c>, laid out like Dokku's <c>*:report</c>.</summary>
internal static class AppsInfoCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "apps:info",
        "Show an app's status, release, domains, formation and instances",
        (client, app, ct) => client.GetAppAsync(app, ct),
        (_, _, details) => Print(context, details));

    private static void Print(CommandContext context, AppDetails details)
    {
        var now = context.Clock.GetUtcNow();
        var release = details.Release is { } r
            ? $"v{r.Version} {r.Description} ({r.Status}, {RelativeTime.Format(r.CreatedAt, now)})"
            : "none (not deployed yet)";

        context.Out.Header($"{details.Name} app information");
        context.Out.KeyValues(
        [
            ("Url", details.Url),
            ("Status", details.Status),
            ("Created", Created(details.CreatedAt, now)),
            ("Release", release),
            ("Domains", details.Domains.Count == 0 ? "none" : string.Join(' ', details.Domains)),
            ("Formation", ProcessPrinter.Formation(details.Formation)),
            ("Config vars", details.ConfigVars.ToString(CultureInfo.InvariantCulture)),
            ("Image size", details.ImageBytes > 0 ? ByteSize.Format(details.ImageBytes) : "-"),
        ]);
        ProcessPrinter.Instances(context.Out, details.Name, details.Instances);
    }

    private static string Created(DateTimeOffset? createdAt, DateTimeOffset now)
    {
        if (createdAt is not { } created)
        {
            return "";
        }

        var stamp = created.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);
        return now - created < RelativeTime.RecentLimit ? $"{stamp} ({RelativeTime.Format(created, now)})" : stamp;
    }
}
