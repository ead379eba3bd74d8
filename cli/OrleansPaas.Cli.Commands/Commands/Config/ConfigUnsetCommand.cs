using System.CommandLine;
using OrleansPaas.Contracts.Config;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Config;

/// <summary><c>paas config:unset NAME KEY… [--no-restart]</c></summary>
internal static class ConfigUnsetCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var keys = new Argument<string[]>("keys")
        {
            Description = "Names of the config vars to remove",
            Arity = ArgumentArity.OneOrMore,
        };
        var noRestart = RestartOption.Create();
        var command = new Command("config:unset", "Remove config vars and restart the app without them") { app, keys, noRestart };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var removed = parseResult.GetRequiredValue(keys).Distinct(StringComparer.Ordinal).ToList();
            var restart = !parseResult.GetValue(noRestart);

            using var client = context.CreateClient();
            var response = await client.PatchConfigAsync(name, new ConfigPatch(null, removed, restart), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            foreach (var key in removed)
            {
                context.Out.Step($"Unsetting {key}");
            }

            ConfigChangePrinter.Outcome(context.Out, name, response.Read(), restart);
            return 0;
        });
        return command;
    }
}
