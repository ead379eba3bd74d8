using System.Diagnostics;

namespace OrleansPaas.Cli.Commands.Services;

/// <summary>
/// The local terminal in raw mode (no echo, no line buffering, Ctrl-C as a byte) while a remote client owns
/// it, set and put back with <c>stty</c> on the terminal itself; disposing restores the saved settings.
/// </summary>
internal sealed class RawTerminal : IDisposable
{
    private readonly string _saved;

    private RawTerminal(string saved) => _saved = saved;

    public static RawTerminal Enter()
    {
        var saved = Stty("-g").Trim();
        Stty("raw", "-echo");
        return new RawTerminal(saved);
    }

    public void Dispose() => Stty(_saved);

    private static string Stty(params string[] arguments)
    {
        // stty acts on its standard input, which is inherited: our terminal.
        var start = new ProcessStartInfo("stty") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new CliException("stty could not be started to set up the terminal");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new CliException($"stty {string.Join(' ', arguments)} failed; is standard input a terminal?");
    }
}
