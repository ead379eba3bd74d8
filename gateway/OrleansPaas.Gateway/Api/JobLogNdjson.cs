using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Builds;
using OrleansPaas.Contracts.Runs;

namespace OrleansPaas.Gateway.Api;

/// <summary>
/// A job's log (a deploy, a certificate order) as the API streams it: one NDJSON <see cref="RunOutput"/>
/// per line as it comes, then the exit code (0 when the job succeeded), as <c>run</c> does.
/// </summary>
public static class JobLogNdjson
{
    public static async Task WriteAsync(HttpContext context, IAsyncEnumerable<BuildLogChunk> log, JsonSerializerOptions options)
    {
        context.Response.ContentType = "application/x-ndjson";
        await foreach (var chunk in log)
        {
            foreach (var line in chunk.Lines)
            {
                await context.Response.WriteAsync(JsonSerializer.Serialize(new RunOutput("stdout", line + "\n", null), options) + "\n");
            }

            await context.Response.Body.FlushAsync(context.RequestAborted);
            if (chunk.Outcome.IsFinished())
            {
                await context.Response.WriteAsync(
                    JsonSerializer.Serialize(new RunOutput(null, null, chunk.Outcome == BuildOutcome.Succeeded ? 0 : 1), options) + "\n");
            }
        }
    }
}
