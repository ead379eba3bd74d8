using System.CommandLine;
using System.Text.Json;
using OrleansPaas.Contracts;

namespace OrleansPaas.Cli.Commands.Config;

/// <summary>
/// <c>paas config:get NAME KEY</c> prints the raw value alone, for <c>$(paas config:get …)</c>;
/// an unset key exits 1 so scripts can test for it.
/// </summary>
internal static class ConfigGetCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var key = new Argument<string>("key") { Description = "The config var's name" };
        var command = new Command("config:get", "Print one config var's value (exit 1 if it is not set)") { app, key };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var wanted = parseResult.GetRequiredValue(key);
            using var client = context.CreateClient();
            var vars = (await client.GetConfigAsync(name, ct)).Read().Vars;
            if (!vars.TryGetValue(wanted, out var value))
            {
                return context.Fail($"config var '{wanted}' is not set for '{name}'");
            }

            // --json prints the value as a JSON string, so a script can tell "" from a value with new lines.
            context.Out.WriteLine(context.WantsJson(parseResult)
                ? JsonSerializer.Serialize(value, PaasJsonContext.Default.String)
                : value);
            return 0;
        });
        return command;
    }
}
