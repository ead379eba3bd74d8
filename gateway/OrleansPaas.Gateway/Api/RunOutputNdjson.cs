using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Contracts.Runs;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// The stream every long command answers with (a one-off run, a job's log, a storage or service move):
/// one <see cref="RunOutput"/> per line as the output comes, a failure's sentence on stderr, and last
/// the exit code, which the CLI prints and exits with.
/// </summary>
public static class RunOutputNdjson
{
    public const string ContentType = "application/x-ndjson";

    public static string Line(RunOutput output, JsonSerializerOptions options) => JsonSerializer.Serialize(output, options) + "\n";

    public static string Stdout(string line, JsonSerializerOptions options) => Line(new RunOutput("stdout", line + "\n", null), options);

    /// <summary>The end of a command: why it failed (stderr) if it did, then its exit code (0 or 1).</summary>
    public static string End(bool succeeded, string? error, JsonSerializerOptions options) =>
        (succeeded ? "" : Line(new RunOutput("stderr", error + "\n", null), options)) + Line(new RunOutput(null, null, succeeded ? 0 : 1), options);

    /// <summary>Writes and flushes at once: the client shows each line as it happens.</summary>
    public static async Task WriteAsync(Stream body, string text, CancellationToken cancellationToken)
    {
        await body.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    public static Task WriteAsync(HttpResponse response, string text) => WriteAsync(response.Body, text, CancellationToken.None);
}
