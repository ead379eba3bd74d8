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
        context.Response.ContentType = RunOutputNdjson.ContentType;
        await foreach (var chunk in log)
        {
            var text = string.Concat(chunk.Lines.Select(line => RunOutputNdjson.Stdout(line, options)));
            if (chunk.Outcome.IsFinished())
            {
                // The job's log already says why it failed: only the exit code follows.
                text += RunOutputNdjson.Line(new RunOutput(null, null, chunk.Outcome == BuildOutcome.Succeeded ? 0 : 1), options);
            }

            await RunOutputNdjson.WriteAsync(context.Response.Body, text, context.RequestAborted);
        }
    }
}
