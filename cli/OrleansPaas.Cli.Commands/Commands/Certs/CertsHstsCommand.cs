using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Certs;

/// <summary><c>paas certs:hsts NAME on|off</c>: whether HTTPS answers carry Strict-Transport-Security.</summary>
internal static class CertsHstsCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var setting = new Argument<string>("setting") { Description = "on or off" };
        setting.AcceptOnlyFromAmong("on", "off");
        var command = new Command("certs:hsts", "Turn Strict-Transport-Security on HTTPS answers on or off (default on)") { app, setting };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var enabled = parseResult.GetRequiredValue(setting) == "on";
            using var client = context.CreateClient();
            var response = await client.SetHstsAsync(name, enabled, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"HSTS {(enabled ? "on" : "off")} for {name}");
            CertsPrinter.Report(context.Out, response.Read());
            return 0;
        });
        return command;
    }
}
