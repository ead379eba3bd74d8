using System.CommandLine;
using OrleansPaas.Contracts.Config;
using OrleansPaas.Cli.Output;
using OrleansPaas.Cli.Parsing;

namespace OrleansPaas.Cli.Commands.Config;

/// <summary><c>paas config:set NAME KEY=VALUE… [--no-restart]</c></summary>
internal static class ConfigSetCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var assignments = new Argument<string[]>("assignments")
        {
            Description = "KEY=VALUE pairs; the value is everything after the first '='",
            Arity = ArgumentArity.OneOrMore,
        };
        var noRestart = RestartOption.Create();
        var command = new Command("config:set", "Set config vars and restart the app with them") { app, assignments, noRestart };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            // Parsed before any call: a malformed pair must not half-apply.
            var vars = ConfigAssignmentParser.Parse(parseResult.GetRequiredValue(assignments));
            var restart = !parseResult.GetValue(noRestart);

            using var client = context.CreateClient();
            var response = await client.PatchConfigAsync(name, new ConfigPatch(vars, null, restart), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step("Setting config vars");
            context.Out.KeyValues(vars.Select(v => (v.Key, v.Value)).ToList());
            ConfigChangePrinter.Outcome(context.Out, name, response.Read(), restart);
            return 0;
        });
        return command;
    }
}
