using System.CommandLine;
using OrleansPaas.Cli.Output;
using OrleansPaas.Contracts.Tokens;

namespace OrleansPaas.Cli.Commands.Tokens;

/// <summary><c>paas tokens:create NAME --role admin|deploy|read [--app APP]… [--expires 90d]</c>: prints the token once.</summary>
internal static class TokensCreateCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The token's name, shown in tokens:list and the audit trail (e.g. ci, alice-laptop)" };
        var role = new Option<string>("--role") { Description = "admin (everything), deploy (push, config, scale… of its apps) or read (look only)", Required = true };
        var apps = new Option<string[]>("--app") { Description = "Limit the token to this app (repeat for more; default every app)", AllowMultipleArgumentsPerToken = false };
        var expires = new Option<string?>("--expires") { Description = "Lifetime, e.g. 90d, 12h or 30m (default: until revoked)" };
        var command = new Command("tokens:create", "Make a token for a person or a CI job; it is printed once and kept only as a hash") { name, role, apps, expires };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            var request = new CreateTokenRequest(parseResult.GetRequiredValue(name), parseResult.GetRequiredValue(role),
                parseResult.GetValue(apps) ?? [], parseResult.GetValue(expires));
            var response = await client.CreateTokenAsync(request, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var created = response.Read();
            context.Out.Step($"Created token {created.Details.Name} ({created.Details.Role}, {TokensPrinter.Apps(created.Details)})");
            context.Out.Note("Shown only now; keep it somewhere safe (use it as PAAS_TOKEN or as the git password):");
            context.Out.WriteLine(created.Token);
            return 0;
        });
        return command;
    }
}
