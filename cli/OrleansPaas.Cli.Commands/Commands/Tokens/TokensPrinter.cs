using OrleansPaas.Contracts.Tokens;

namespace OrleansPaas.Cli.Commands.Tokens;

internal static class TokensPrinter
{
    public static string Apps(TokenView token) => OrleansPaas.Cli.Output.AppScope.Text(token.Apps);

    public static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "-";
}
