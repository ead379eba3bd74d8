using System.CommandLine;
using OrleansPaas.Cli.Api;

namespace OrleansPaas.Cli.Commands;

/// <summary>
/// The shape many commands share: an app argument, one API call, then the server's document as it
/// came (<c>--json</c>) or a human view of it. Written once so those commands hold only what sets
/// them apart, and so <c>--json</c> means the same thing in all of them.
/// </summary>
internal static class AppQueryCommand
{
    /// <param name="call">The API call, given the client and the app's name.</param>
    /// <param name="printHuman">Human output, given the client (its URL goes into hints), the app's name
    /// and the typed answer. Not called with <c>--json</c>.</param>
    public static Command Create<T>(
        CommandContext context,
        string name,
        string description,
        Func<PaasClient, string, CancellationToken, Task<ApiResponse<T>>> call,
        Action<PaasClient, string, T> printHuman)
    {
        var app = Arguments.App();
        var command = new Command(name, description) { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var appName = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            var response = await call(client, appName, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            printHuman(client, appName, response.Read());
            return 0;
        });
        return command;
    }
}
