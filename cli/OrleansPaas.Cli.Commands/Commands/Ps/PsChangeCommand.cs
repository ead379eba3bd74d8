using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Ps;

/// <summary><c>paas ps:stop|start|restart NAME</c>: one shape, three endpoints.</summary>
internal static class PsChangeCommand
{
    /// <param name="action">The endpoint's last segment and the command's suffix: stop, start or restart.</param>
    /// <param name="done">The past tense printed on success, e.g. "Stopped".</param>
    public static Command Create(CommandContext context, string action, string description, string done)
    {
        var app = Arguments.App();
        var command = new Command($"ps:{action}", description) { app };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            var response = await client.ChangeProcessesAsync(name, action, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            // Not AppQueryCommand, which reads the answer first: the step goes out before the
            // answer is read, so an unreadable answer still says that the change was made.
            context.Out.Step($"{done} {name}");
            ProcessPrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
