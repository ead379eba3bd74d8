using System.CommandLine;
using System.Text;
using OrleansPaas.Cli.Api;

namespace OrleansPaas.Cli.Commands.Logs;

/// <summary>
/// What <c>logs</c> and <c>services:logs</c> share: Dokku's <c>-n N</c> and <c>-t</c>, and the copy of
/// the API's plain-text answer (the same with or without <c>--json</c>). It is written as it arrives,
/// not per line, so a partial line (a progress bar, a prompt) shows up at once.
/// </summary>
internal static class LogStream
{
    private const int DefaultLines = 100;

    public static Option<int> LinesOption() => new("--num", "-n")
    {
        Description = $"How many recent lines to print (default {DefaultLines})",
        DefaultValueFactory = _ => DefaultLines,
    };

    public static Option<bool> TailOption() => new("--tail", "-t") { Description = "Keep streaming new lines until Ctrl-C" };

    /// <summary>Copies the answer <paramref name="open"/> asks for to the command's output until it ends, or until Ctrl-C (a normal end).</summary>
    public static async Task<int> CopyAsync(CommandContext context, Func<PaasClient, Task<HttpResponseMessage>> open, CancellationToken ct)
    {
        using var client = context.CreateClient();
        try
        {
            using var response = await open(client);
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer, ct)) > 0)
            {
                context.Out.Write(buffer, 0, read);
                await context.Out.FlushAsync(ct);
            }
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // Ctrl-C is how a user leaves `-t`: a normal end, not a failure.
        }

        return 0;
    }
}
