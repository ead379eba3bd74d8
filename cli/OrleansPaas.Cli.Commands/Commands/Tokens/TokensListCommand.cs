using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Tokens;

/// <summary><c>paas tokens:list</c>: name, role, apps and times; never the token.</summary>
internal static class TokensListCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("tokens:list", "List the named tokens (never the tokens themselves)");
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var response = await client.ListTokensAsync(ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var tokens = response.Read();
            context.Out.Header("Tokens");
            if (tokens.Count == 0)
            {
                context.Out.Note("No named tokens yet: paas tokens:create NAME --role deploy --app APP");
                return 0;
            }

            context.Out.WriteTable(
                ["NAME", "ROLE", "APPS", "CREATED", "LAST USED", "EXPIRES"],
                tokens.Select(t => new[] { t.Name, t.Role, TokensPrinter.Apps(t), TokensPrinter.Time(t.CreatedAt), TokensPrinter.Time(t.LastUsedAt), t.ExpiresAt is null ? "never" : TokensPrinter.Time(t.ExpiresAt) }));
            return 0;
        });
        return command;
    }
}
