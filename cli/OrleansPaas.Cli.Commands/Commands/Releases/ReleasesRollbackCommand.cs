using System.CommandLine;
using OrleansPaas.Cli.Output;
using OrleansPaas.Cli.Parsing;

namespace OrleansPaas.Cli.Commands.Releases;

/// <summary>
/// <c>paas releases:rollback NAME [VERSION]</c>: serves an earlier release's image and config again as
/// a new release (no build runs). Without VERSION the server picks the deployed release before the current one.
/// </summary>
internal static class ReleasesRollbackCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var versionArgument = new Argument<string?>("version")
        {
            Description = "The release to go back to, e.g. v3 or 3 (see 'paas releases'); default: the previous deployed release",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("releases:rollback", "Roll an app back to an earlier release's image and config") { app, versionArgument };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            // Parsed before any call: a mistyped version must not roll back to something else.
            var version = parseResult.GetValue(versionArgument) is { } text ? ReleaseVersionParser.Parse(text) : (int?)null;

            using var client = context.CreateClient();
            var response = await client.RollbackAsync(name, version, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var target = version is { } v ? $"v{v}" : "the previous release";
            var now = response.Read().Release is { } release ? $" (now v{release.Version})" : "";
            context.Out.Step($"Rolled back {name} to {target}{now}");
            return 0;
        });
        return command;
    }
}
