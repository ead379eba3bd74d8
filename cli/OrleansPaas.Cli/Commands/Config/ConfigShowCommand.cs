using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Config;

/// <summary><c>paas config:show NAME</c>, Dokku's layout: a header, then unindented aligned <c>KEY:  value</c>.</summary>
internal static class ConfigShowCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var command = new Command("config:show", "Show an app's config vars") { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            var response = await client.GetConfigAsync(name, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var vars = response.Read().Vars;
            context.Out.Header($"{name} env vars");
            if (vars.Count == 0)
            {
                context.Out.Note("no config vars");
                return 0;
            }

            context.Out.KeyValues(vars.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => (v.Key, v.Value)).ToList(), indent: "");
            return 0;
        });
        return command;
    }
}
