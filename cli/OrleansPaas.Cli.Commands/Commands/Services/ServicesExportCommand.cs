using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary>
/// <c>paas services:export NAME [FILE]</c>: a dump of the running service (PostgreSQL: pg_dump's custom
/// format; Redis: an RDB file), streamed to FILE (owner-only, renamed into place once whole) or to
/// standard output for a pipe, never to a terminal. <c>services:import</c> takes it back.
/// </summary>
internal static class ServicesExportCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service to dump" };
        var file = new Argument<string?>("file") { Description = "Where to write the dump (default: standard output, which must not be a terminal)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("services:export", "Write a dump of a service (PostgreSQL: pg_dump custom format; Redis: RDB) for services:import") { name, file };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file);
            BinaryDownload.RefuseTerminal(path, "the dump is binary: name a file (`paas services:export NAME FILE`) or redirect it (`paas services:export NAME > FILE`)");

            using var client = context.CreateClient();
            using var response = await client.OpenServiceExportAsync(parseResult.GetRequiredValue(name), ct);
            if (await BinaryDownload.SaveAsync(response, path, ct) is not { } target)
            {
                return 0;
            }

            if (!context.WantsJson(parseResult))
            {
                context.Out.Step($"Wrote the dump of {parseResult.GetRequiredValue(name)} to {target} ({new FileInfo(target).Length / 1024} KiB, readable by you only)");
            }

            return 0;
        });
        return command;
    }
}
