using System.CommandLine;
using System.CommandLine.Help;
using OrleansPaas.Cli.Checkout;

namespace OrleansPaas.Cli.Parsing;

/// <summary>
/// Parses a command line whose app may be left out: commands take their app as the first argument,
/// and may take it instead from <c>--app NAME</c> or, inside the app's checkout, from the git remote
/// that points at the platform (as the heroku and dokku clients do). Both become the same command
/// line with the app in first place, so every command keeps one positional app argument and knows
/// nothing of this.
/// </summary>
internal static class AppInference
{
    /// <summary>Commands that always name their app: creating names a new one, and destroying must never guess.</summary>
    private static readonly HashSet<string> AlwaysNamed = new(StringComparer.Ordinal) { "apps:create", "apps:destroy" };

    /// <summary>The name of the first argument of every command that acts on one app (see <c>Arguments.App</c>).</summary>
    private const string AppArgumentName = "app";

    public static ParseResult Parse(
        RootCommand root,
        Option<string?> appOption,
        IReadOnlyList<string> args,
        ParserConfiguration configuration,
        Func<CheckoutLookup> checkout)
    {
        var given = root.Parse(args, configuration);
        var command = given.CommandResult.Command;
        var named = given.GetResult(appOption)?.Tokens.FirstOrDefault()?.Value;
        if (command is RootCommand || given.Action is HelpAction)
        {
            return given;
        }

        var appArgument = command.Arguments.FirstOrDefault(a => a.Name == AppArgumentName);
        if (appArgument is null)
        {
            return named is null ? given : throw new CliException($"'{command.Name}' acts on no single app, so --app does not apply to it");
        }

        if (named is not null)
        {
            var withoutOption = WithoutAppOption(args);
            return root.Parse(WithApp(withoutOption, command, named), configuration);
        }

        if (AlwaysNamed.Contains(command.Name))
        {
            return given;
        }

        // Could this command line take one more argument in first place? Asked with a stand-in name,
        // so the checkout is read (a git process) only when the answer matters.
        if (root.Parse(WithApp(args, command, AppArgumentName), configuration).Errors.Count > 0)
        {
            return given;
        }

        var lookup = checkout();
        if (lookup.App is null)
        {
            return given.Errors.Count == 0
                ? given
                : throw new CliException(
                    $"'{command.Name}' needs an app: name it first, use --app NAME, or run it inside the app's git checkout (with a remote pointing at {lookup.PlatformUrl})");
        }

        // Both readings parse (e.g. `releases:rollback v3`): the first word is the app only if it is this checkout's.
        if (given.Errors.Count == 0 && given.GetResult(appArgument)?.Tokens.FirstOrDefault()?.Value == lookup.App)
        {
            return given;
        }

        return root.Parse(WithApp(args, command, lookup.App), configuration);
    }

    /// <summary>The command line with <paramref name="app"/> right after the command's name.</summary>
    private static List<string> WithApp(IReadOnlyList<string> args, Command command, string app)
    {
        var list = args.ToList();
        var at = CommandIndex(list, command);
        if (at >= 0)
        {
            list.Insert(at + 1, app);
        }

        return list;
    }

    private static int CommandIndex(IReadOnlyList<string> args, Command command)
    {
        for (var i = 0; i < args.Count && args[i] != "--"; i++)
        {
            if (args[i] == command.Name || command.Aliases.Contains(args[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Removes <c>--app NAME</c> / <c>-a NAME</c> (also <c>--app=NAME</c>, <c>--app:NAME</c>) before any <c>--</c>.</summary>
    private static List<string> WithoutAppOption(IReadOnlyList<string> args)
    {
        var list = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--")
            {
                list.AddRange(args.Skip(i));
                break;
            }

            if (args[i] is "--app" or "-a")
            {
                i++;
                continue;
            }

            if (IsJoinedAppOption(args[i]))
            {
                continue;
            }

            list.Add(args[i]);
        }

        return list;
    }

    private static bool IsJoinedAppOption(string arg) =>
        arg.StartsWith("--app=", StringComparison.Ordinal) || arg.StartsWith("--app:", StringComparison.Ordinal)
        || arg.StartsWith("-a=", StringComparison.Ordinal) || arg.StartsWith("-a:", StringComparison.Ordinal);
}
