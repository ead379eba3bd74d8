using System.CommandLine;
using System.CommandLine.Completions;

namespace OrleansPaas.Cli.Commands.Completion;

/// <summary>
/// The command tree flattened for completion scripts, read from the same <see cref="RootCommand"/>
/// that parses, so a new command or option completes without anyone editing a script.
/// </summary>
internal static class CompletionModel
{
    public static IReadOnlyList<CompletionEntry> Commands(RootCommand root)
    {
        var inherited = root.Options.Where(o => o.Recursive && !o.Hidden).ToList();
        return root.Subcommands
            .Where(c => !c.Hidden)
            .Select(c => new CompletionEntry(
                c.Name,
                c.Description ?? "",
                c.Options.Concat(inherited.Where(o => o.Name != AppOptionName || TakesApp(c)))
                    .Where(o => !o.Hidden).SelectMany(Names).Distinct().ToList(),
                c.Arguments.SelectMany(a => a.GetCompletions(CompletionContext.Empty)).Select(i => i.Label).Distinct().ToList()))
            .ToList();
    }

    // --app only means something to commands that act on one app (the parser refuses it elsewhere).
    private const string AppOptionName = "--app";

    private static bool TakesApp(Command command) => command.Arguments.Any(a => a.Name == "app");

    /// <summary>What may stand before the command (<c>paas --json apps:list</c>).</summary>
    public static IReadOnlyList<string> RootOptions(RootCommand root) =>
        root.Options.Where(o => !o.Hidden).SelectMany(Names).Distinct().ToList();

    /// <summary>The spellings people type: <c>--name</c> and <c>-n</c>, not the Windows-style <c>/?</c>.</summary>
    private static IEnumerable<string> Names(Option option) =>
        new[] { option.Name }.Concat(option.Aliases).Where(n => n.StartsWith('-') && n != "-?");
}
