using System.Collections;
using OrleansPaas.Cli.SshHelper;

namespace OrleansPaas.Cli;

/// <summary>
/// The <c>paas</c> entry point: binds the real console, environment and Ctrl-C to
/// <see cref="PaasCommandLine.RunAsync"/>, the whole CLI (in the OrleansPaas.Cli.Commands library).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Where the platform is installed, sshd runs this program as its session helper (Paas:Ssh).
        if (SshSessionClient.Handles(args))
        {
            return await SshSessionClient.RunAsync(args);
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C lets the command stop cleanly (logs -t exits 0); a second one kills.
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                cancellation.Cancel();
            }
        };

        var environment = Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string ?? "", StringComparer.Ordinal);
        // A token may be piped to `paas login`; from a terminal it is asked for without echo instead.
        var input = Console.IsInputRedirected ? Console.In : null;
        return await PaasCommandLine.RunAsync(args, Console.Out, Console.Error, environment, cancellation.Token, input);
    }
}
