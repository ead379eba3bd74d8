using System.CommandLine;
using System.CommandLine.Invocation;
using OrleansPaas.Cli.Commands;
using OrleansPaas.Cli.Parsing;

namespace OrleansPaas.Cli;

/// <summary>
/// The whole <c>paas</c> command line, callable in-process: the <c>paas</c> executable binds it to the
/// real console, the node runs paas commands sent over SSH through it, and the fast tests drive it.
/// </summary>
internal static class PaasCommandLine
{
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken = default,
        TextReader? input = null,
        string? currentDirectory = null)
    {
        var context = new CommandContext(stdout, stderr, environment, currentDirectory ?? Directory.GetCurrentDirectory(), TimeProvider.System, input);
        var root = PaasRootCommand.Create(context);

        ParseResult parseResult;
        try
        {
            // No '@file' expansion: a config value or a `run` argument may legitimately start with '@'.
            parseResult = AppInference.Parse(
                root, context.App, args.Length == 0 ? ["--help"] : args, new ParserConfiguration { ResponseFileTokenReplacer = null }, context.LookUpCheckout);
        }
        catch (CliException e)
        {
            return context.Fail(e.Message);
        }

        // The library's parse-error output is several lines plus the help text; the contract is one line.
        if (parseResult.Action is ParseErrorAction)
        {
            var command = parseResult.CommandResult.Command;
            if (command is RootCommand)
            {
                var unknown = parseResult.UnmatchedTokens.FirstOrDefault() ?? "";
                return context.Fail(unknown.Length > 0
                    ? $"'{unknown}' is not a paas command (see 'paas --help')"
                    : $"{parseResult.Errors[0].Message.TrimEnd('.')} (see 'paas --help')");
            }

            var errors = string.Join("; ", parseResult.Errors.Select(e => e.Message.TrimEnd('.')));
            return context.Fail($"{errors} (see 'paas {command.Name} --help')");
        }

        try
        {
            return await parseResult.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = stdout,
                    Error = stderr,
                    // Ctrl-C arrives through cancellationToken (see Main), so commands decide their own exit code.
                    ProcessTerminationTimeout = null,
                    EnableDefaultExceptionHandler = false,
                },
                cancellationToken);
        }
        catch (Exception e)
        {
            // A bug, not a user error; still one line, and the type helps the bug report.
            return context.Fail($"internal error: {e.GetType().Name}: {e.Message}");
        }
    }
}
