using System.Text;
using System.Text.Json;
using OrleansPaas.Contracts;

namespace OrleansPaas.Cli.Commands;

/// <summary>
/// Relays the API's NDJSON output streams (<c>run</c>, <c>deploy-image</c>): one JSON object per
/// line, output first and the exit code last. Shared so every streaming command relays output and
/// turns the remote exit code into ours the same way.
/// </summary>
internal static class NdjsonStream
{
    /// <summary>
    /// Writes each <c>text</c> to our stdout or stderr as it arrives (flushed per line, so a slow
    /// build shows progress), or with <paramref name="json"/> each line as the server sent it.
    /// </summary>
    /// <returns>The stream's final <c>exitCode</c>; null when the stream ended without one, which
    /// means the connection was cut, so the caller must not report success.</returns>
    public static async Task<int?> RelayAsync(HttpResponseMessage response, CommandContext context, bool json, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);

        int? exitCode = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (json)
            {
                context.Out.WriteLine(line);
                await context.Out.FlushAsync(ct);
            }

            var output = JsonSerializer.Deserialize(line, PaasJsonContext.Default.RunOutput);
            if (output?.ExitCode is { } code)
            {
                // The API carries Docker's 64-bit exit code; a process's own exit code always fits an int.
                exitCode = (int)code;
            }
            else if (!json && output?.Text is { } text)
            {
                var writer = output.Stream == "stderr" ? context.Error : context.Out;
                writer.Write(text);
                await writer.FlushAsync(ct);
            }
        }

        return exitCode;
    }
}
