using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Apps;

/// <summary><c>paas apps:list</c></summary>
internal static class AppsListCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("apps:list", "List the apps");
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var response = await client.ListAppsAsync(ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var apps = response.Read();
            context.Out.Header("My Apps");
            if (apps.Count == 0)
            {
                context.Out.Note("No apps yet: git push one, or paas apps:create NAME");
                return 0;
            }

            var now = DateTimeOffset.Now;
            context.Out.WriteTable(
                ["NAME", "STATUS", "RELEASE", "INSTANCES", "SLEEP AFTER", "LAST WAKE", "URL"],
                apps.OrderBy(a => a.Name, StringComparer.Ordinal)
                    .Select(a => new[]
                    {
                        a.Name, a.Status, a.Release is { } v ? $"v{v}" : "-", a.Instances.ToString(), a.SleepAfter ?? "off",
                        a.LastWakeAt is { } wake ? RelativeTime.Format(wake, now) : "-", a.Url,
                    }));
            return 0;
        });
        return command;
    }
}
