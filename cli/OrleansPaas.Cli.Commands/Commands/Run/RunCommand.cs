using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Run;

/// <summary>
/// <c>paas run NAME -- COMMAND [ARGS…]</c>: a one-off container of the current release. Its output
/// is relayed to our stdout/stderr as it arrives and its exit code becomes ours, so the command
/// behaves in scripts as if it ran locally. With <c>--json</c> the NDJSON stream is printed as is.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var argv = new Argument<string[]>("command")
        {
            Description = "The command and its arguments; put them after -- so their options are not taken as paas's",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("run", "Run a one-off command in a new container of the app's current release") { app, argv };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            using var response = await client.OpenRunAsync(name, parseResult.GetRequiredValue(argv), ct);
            var exitCode = await NdjsonStream.RelayAsync(response, context, context.WantsJson(parseResult), ct);
            return exitCode ?? context.Fail("the run ended without an exit code; the connection to OrleansPaas was cut");
        });
        return command;
    }
}
