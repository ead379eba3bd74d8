using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Config;

/// <summary><c>--no-restart</c>, Dokku's flag for changing config without restarting the app.</summary>
internal static class RestartOption
{
    public static Option<bool> Create() => new("--no-restart")
    {
        Description = "Change the config without restarting the app; it applies on the next restart or deploy",
    };
}
