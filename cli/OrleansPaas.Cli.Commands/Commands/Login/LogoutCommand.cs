using System.CommandLine;
using OrleansPaas.Cli.Output;
using OrleansPaas.Cli.Settings;

namespace OrleansPaas.Cli.Commands.Login;

/// <summary><c>paas logout</c>: forgets what <c>paas login</c> kept. The token itself stays valid on the platform.</summary>
internal static class LogoutCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("logout", "Forget the URL and token 'paas login' kept");
        context.SetAction(command, (_, _) =>
        {
            var url = ReadableUrl(context.Environment);
            if (LoginFile.Delete(context.Environment) is { } path)
            {
                context.Out.Step($"Logged out of {url ?? "the platform"}");
                context.Out.Note($"removed {path}");
            }
            else
            {
                context.Out.Step("Not logged in: nothing to forget");
            }

            return Task.FromResult(0);
        });
        return command;
    }

    /// <summary>The stored URL for the message; a damaged file must not keep anyone from logging out.</summary>
    private static string? ReadableUrl(IReadOnlyDictionary<string, string> environment)
    {
        try
        {
            return LoginFile.Read(environment)?.Url;
        }
        catch (CliException)
        {
            return null;
        }
    }
}
