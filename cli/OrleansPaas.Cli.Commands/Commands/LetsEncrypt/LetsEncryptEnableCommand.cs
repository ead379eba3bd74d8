using System.CommandLine;

namespace OrleansPaas.Cli.Commands.LetsEncrypt;

/// <summary>
/// <c>paas letsencrypt:enable NAME</c> (Dokku's name): orders a certificate for the app's hosts and
/// keeps it renewed. Progress is relayed as it comes; the order's result becomes the exit code.
/// </summary>
internal static class LetsEncryptEnableCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var command = new Command("letsencrypt:enable", "Serve an app over HTTPS with a Let's Encrypt certificate, renewed automatically") { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            using var response = await client.OpenEnableLetsEncryptAsync(parseResult.GetRequiredValue(app), ct);
            var exitCode = await NdjsonStream.RelayAsync(response, context, context.WantsJson(parseResult), ct);
            return exitCode ?? context.Fail("the order ended without a result; the connection to OrleansPaas was cut");
        });
        return command;
    }
}
