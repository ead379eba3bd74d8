using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary>
/// <c>paas services:import NAME [FILE]</c>: the service's data replaced by a dump as <c>services:export</c>
/// writes it, read from FILE or standard input (never a terminal) and streamed to the node. A file of the
/// other kind is refused with a sentence and nothing changes.
/// </summary>
internal static class ServicesImportCommand
{
    public static Command Create(CommandContext context)
    {
        var name = new Argument<string>("name") { Description = "The service whose data the dump replaces" };
        var file = new Argument<string?>("file") { Description = "The dump (default: standard input, which must not be a terminal)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("services:import", "Replace a service's data with a dump (PostgreSQL: pg_dump custom format; Redis: RDB), as services:export writes it") { name, file };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file);
            if (path is null && !Console.IsInputRedirected)
            {
                throw new CliException("give the dump as a file (`paas services:import NAME FILE`) or on standard input (`paas services:import NAME < FILE`)");
            }

            var service = parseResult.GetRequiredValue(name);
            await using var input = path is null ? Console.OpenStandardInput() : OpenDump(path);
            if (!context.WantsJson(parseResult))
            {
                context.Out.Step($"Importing into {service}");
            }

            using var client = context.CreateClient();
            var response = await client.ImportServiceAsync(service, input, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            var imported = response.Read();
            context.Out.KeyValues(
            [
                ("Imported into", imported.Service),
                ("Contents", imported.Restored ?? "-"),
                ("Restore time", ServiceBackupPrinter.Seconds(imported.Seconds)),
            ]);
            return 0;
        });
        return command;
    }

    private static FileStream OpenDump(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {ex.Message}", ex);
        }
    }
}
