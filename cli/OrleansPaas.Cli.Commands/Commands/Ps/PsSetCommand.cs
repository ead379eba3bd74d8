using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Ps;

/// <summary><c>paas ps:set NAME KEY [VALUE]</c>: Dokku's per-app process settings; no value sets the key back to its default.</summary>
internal static class PsSetCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var key = new Argument<string>("key") { Description = "sleep-after (idle time before the app sleeps), sleep-page (a waiting page for browsers while it wakes), or for admins cap-add (NET_ADMIN, NET_RAW) and device (/dev/net/tun), applied at the next deploy or restart" };
        var value = new Argument<string?>("value")
        {
            Description = "sleep-after: 30s, 15m, 2h, 1d or off; sleep-page: on or off; cap-add/device: one to add, -ONE to remove. Leave out to go back to the default",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("ps:set", "Set when an app sleeps (sleep-after) and what browsers see while it wakes (sleep-page)") { app, key, value };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var setting = parseResult.GetRequiredValue(key);
            var given = parseResult.GetValue(value);
            using var client = context.CreateClient();
            var response = await client.SetProcessSettingAsync(name, setting, given, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step(given is null ? $"Unset {setting} for {name}" : $"Set {setting} to {given} for {name}");
            ProcessPrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
