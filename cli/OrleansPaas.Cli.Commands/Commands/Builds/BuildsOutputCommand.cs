using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Builds;

/// <summary><c>paas builds:output NAME [ID]</c>: a build's whole output, by default the latest build's.</summary>
internal static class BuildsOutputCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var id = new Argument<int?>("id") { Description = "The build's number from builds:list (default: the latest build)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("builds:output", "Print a build's whole output (default: the latest build)") { app, id };
        context.SetAction(command, async (parseResult, ct) =>
        {
            using var client = context.CreateClient();
            // Plain text either way, as logs: --json changes nothing here.
            var text = await client.GetBuildOutputAsync(parseResult.GetRequiredValue(app), parseResult.GetValue(id), ct);
            await context.Out.WriteAsync(text);
            return 0;
        });
        return command;
    }
}
