using System.CommandLine;
using OrleansPaas.Cli.Output;
using OrleansPaas.Cli.Parsing;

namespace OrleansPaas.Cli.Commands.Ps;

/// <summary><c>paas ps:scale NAME web=2 worker=1</c></summary>
internal static class PsScaleCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var counts = new Argument<string[]>("counts")
        {
            Description = "TYPE=COUNT pairs, e.g. web=2 worker=1 (Procfile process types)",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("ps:scale", "Set how many containers each process type runs") { app, counts };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var formation = ScaleParser.Parse(parseResult.GetRequiredValue(counts));

            using var client = context.CreateClient();
            var response = await client.ScaleAsync(name, formation, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            context.Out.Step($"Scaled {name}: {ProcessPrinter.Formation(formation)}");
            ProcessPrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
