using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.SshKeys;

/// <summary><c>paas ssh-keys:list</c>: fingerprint, name, role, added.</summary>
internal static class SshKeysListCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("ssh-keys:list", "List the public keys that may use SSH");
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var response = await client.ListSshKeysAsync(ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var keys = response.Read();
            context.Out.Header("SSH keys");
            if (keys.Count == 0)
            {
                context.Out.Note("No keys yet: paas ssh-keys:add NAME ~/.ssh/id_ed25519.pub");
                return 0;
            }

            var now = DateTimeOffset.Now;
            context.Out.WriteTable(
                ["FINGERPRINT", "NAME", "ROLE", "APPS", "TYPE", "ADDED"],
                keys.Select(k => new[] { k.Fingerprint, k.Name, k.Role, AppScope.Text(k.Apps), $"{k.Type} ({k.Bits})", RelativeTime.Format(k.AddedAt, now) }));
            return 0;
        });
        return command;
    }
}
