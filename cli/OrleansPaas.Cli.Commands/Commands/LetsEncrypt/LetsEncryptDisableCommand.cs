using System.CommandLine;
using OrleansPaas.Cli.Commands.Certs;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.LetsEncrypt;

/// <summary><c>paas letsencrypt:disable NAME</c>: stop renewing and remove the certificate Let's Encrypt issued.</summary>
internal static class LetsEncryptDisableCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var command = new Command("letsencrypt:disable", "Stop renewing an app's Let's Encrypt certificate and remove it") { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            var response = await client.DisableLetsEncryptAsync(name, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Let's Encrypt disabled for {name}");
            CertsPrinter.Report(context.Out, response.Read());
            return 0;
        });
        return command;
    }
}
