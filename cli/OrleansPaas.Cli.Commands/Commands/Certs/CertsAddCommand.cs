using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Certs;

/// <summary><c>paas certs:add NAME CERT KEY</c>: serve the app over HTTPS with an own certificate (PEM files).</summary>
internal static class CertsAddCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var certificate = new Argument<FileInfo>("certificate") { Description = "PEM certificate file (leaf first; intermediates may follow)" };
        var key = new Argument<FileInfo>("key") { Description = "PEM private key file (unencrypted)" };
        var command = new Command("certs:add", "Serve an app over HTTPS with your own certificate") { app, certificate, key };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var chainPem = await ReadAsync(parseResult.GetRequiredValue(certificate), "certificate", ct);
            var keyPem = await ReadAsync(parseResult.GetRequiredValue(key), "key", ct);
            using var client = context.CreateClient();
            var response = await client.AddCertificateAsync(name, chainPem, keyPem, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Added a certificate to {name}");
            CertsPrinter.Report(context.Out, response.Read());
            return 0;
        });
        return command;
    }

    private static async Task<string> ReadAsync(FileInfo file, string what, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new CliException($"the {what} file '{file.FullName}' does not exist");
        }

        return await File.ReadAllTextAsync(file.FullName, ct);
    }
}
