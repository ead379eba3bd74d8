using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.SshKeys;

/// <summary><c>paas ssh-keys:remove NAME</c>: the key is refused at its next login, on every node.</summary>
internal static class SshKeysRemoveCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The key's name (see ssh-keys:list)" };
        var command = new Command("ssh-keys:remove", "Stop a public key from pushing or running commands over SSH") { name };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var response = await client.RemoveSshKeyAsync(parseResult.GetRequiredValue(name), ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Removed SSH key {response.Read().Name}");
            return 0;
        });
        return command;
    }
}
