using System.CommandLine;
using OrleansPaas.Cli.Api;
using OrleansPaas.Cli.Output;
using OrleansPaas.Cli.Settings;

namespace OrleansPaas.Cli.Commands.Login;

/// <summary>
/// <c>paas login [URL]</c>: checks a token against the platform, then keeps URL and token in the
/// user's login file (<see cref="LoginFile"/>), so later commands need no environment.
/// <c>PAAS_URL</c> and <c>PAAS_TOKEN</c> still win over it.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CommandContext context)
    {
        var url = new Argument<string?>("url")
        {
            Description = "The platform's control URL, e.g. https://paas.example.com:8081 (default: the URL in use now)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("login", "Keep a control URL and its token for later commands (the token is read from standard input, or asked for)") { url };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var target = parseResult.GetValue(url) is { } given
                ? CliSettingsResolver.Checked(given, "URL")
                : CliSettingsResolver.ResolveUrl(context.Environment);
            var token = TokenPrompt.Read(context, target);

            // Checked before anything is written: a mistyped URL or token must not replace a good login.
            using (var client = PaasClientFactory.Create(new CliSettings(target, token)))
            {
                try
                {
                    await client.ListAppsAsync(ct);
                }
                catch (CliException e)
                {
                    var reason = e.Message == ProblemMessage.TokenRefused ? $"the platform at {target} refused this token" : e.Message;
                    throw new CliException($"{reason}; nothing was saved", e);
                }
            }

            var path = LoginFile.Write(context.Environment, new StoredLogin(target, token));
            context.Out.Step($"Logged in to {target}");
            context.Out.Note($"the token is kept in {path} (readable by you only); PAAS_URL and PAAS_TOKEN still win over it");
            return 0;
        });
        return command;
    }
}
