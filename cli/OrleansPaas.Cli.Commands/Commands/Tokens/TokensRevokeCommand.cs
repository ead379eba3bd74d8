using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Tokens;

/// <summary><c>paas tokens:revoke NAME</c>: returns once every live node refuses the token.</summary>
internal static class TokensRevokeCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The token to end" };
        var command = new Command("tokens:revoke", "End a token on every node at once") { name };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var token = parseResult.GetRequiredValue(name);
            using var client = context.CreateClient();
            await client.RevokeTokenAsync(token, ct);
            if (!context.WantsJson(parseResult))
            {
                context.Out.Step($"Revoked {token}: every node refuses it now");
            }

            return 0;
        });
        return command;
    }
}
