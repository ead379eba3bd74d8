using System.CommandLine;

namespace OrleansPaas.Cli.Commands;

/// <summary>Arguments several commands share, so their names and help read the same everywhere.</summary>
internal static class Arguments
{
    public static Argument<string> App() => new("app") { Description = "The app's name" };
}
