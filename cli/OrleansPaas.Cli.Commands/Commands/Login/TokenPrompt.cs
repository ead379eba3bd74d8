using System.Text;

namespace OrleansPaas.Cli.Commands.Login;

/// <summary>
/// Gets the token for <c>paas login</c>: the first line of standard input when something is piped in
/// (<c>paas login URL &lt; token-file</c>), else asked for on the terminal without echo. Never an
/// argument: arguments end up in shell history and in every other user's <c>ps</c>.
/// </summary>
internal static class TokenPrompt
{
    public static string Read(CommandContext context, string url)
    {
        var token = context.Input is { } piped ? piped.ReadLine() : AskTerminal(context, url);
        return string.IsNullOrWhiteSpace(token)
            ? throw new CliException("no token given: type it when asked, or pipe it in (paas login URL < token-file); nothing was saved")
            : token.Trim();
    }

    private static string AskTerminal(CommandContext context, string url)
    {
        context.Error.Write($"Token for {url}: ");
        context.Error.Flush();
        var token = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                token.Length = Math.Max(0, token.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                token.Append(key.KeyChar);
            }
        }

        context.Error.WriteLine();
        return token.ToString();
    }
}
