using System.CommandLine;
using OrleansPaas.Cli.Output;
using OrleansPaas.Contracts.SshKeys;

namespace OrleansPaas.Cli.Commands.SshKeys;

/// <summary><c>paas ssh-keys:add NAME FILE|- [--role admin|deploy|read] [--app APP]…</c> (Dokku's name).</summary>
internal static class SshKeysAddCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "A name for the key (who or what it is: alice-laptop, ci)" };
        var file = new Argument<string>("file") { Description = "The public key file (~/.ssh/id_ed25519.pub), or - to read it from stdin" };
        var role = new Option<string>("--role")
        {
            Description = "admin (default): pushes and runs commands; deploy: pushes; read: clones",
            DefaultValueFactory = _ => "admin",
        };
        var apps = new Option<string[]>("--app") { Description = "Limit a deploy or read key to this app (repeat for more; default every app)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("ssh-keys:add", "Let a public key push and run commands over SSH") { name, file, role, apps };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var key = await ReadAsync(parseResult.GetRequiredValue(file), context, ct);
            using var client = context.CreateClient();
            var request = new AddSshKeyRequest(parseResult.GetRequiredValue(name), key, parseResult.GetValue(role), parseResult.GetValue(apps) ?? []);
            var response = await client.AddSshKeyAsync(request, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var added = response.Read();
            context.Out.Step($"Added SSH key {added.Name} ({added.Fingerprint}, role {added.Role}, {AppScope.Text(added.Apps)})");
            return 0;
        });
        return command;
    }

    private static async Task<string> ReadAsync(string file, CommandContext context, CancellationToken ct)
    {
        if (file != "-" && !File.Exists(file))
        {
            throw new CliException($"the key file '{Path.GetFullPath(file)}' does not exist");
        }

        var text = file == "-" ? await context.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(file, ct);
        // A private key never leaves this machine, not even to be refused by the server.
        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new CliException($"'{file}' is a private key, which stays on this machine: add the public key (the .pub file next to it)");
        }

        return text;
    }
}
