using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Certs;

/// <summary><c>paas certs:remove NAME</c>: back to plain HTTP only.</summary>
internal static class CertsRemoveCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var command = new Command("certs:remove", "Remove an app's certificate (plain HTTP only again)") { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            var response = await client.RemoveCertificateAsync(name, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Removed the certificate of {name}");
            CertsPrinter.Report(context.Out, response.Read());
            return 0;
        });
        return command;
    }
}
