using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Logs;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Nodes;

/// <summary>
/// The node grain's runs to completion (the release phase, deploy scripts, scheduled jobs): output
/// streamed by line, stopped at its timeout; a job's lines are also kept in the app's logs.
/// </summary>
public sealed class NodeRuns(IOneOffRuns runs, KeptOutput kept, IOptions<PaasOptions> options)
{
    public IAsyncEnumerable<NodeWorkEvent> RunToCompletionAsync(InstanceRequest request) =>
        RunToCompletionAsync(request, null, options.Value.Deploy.ReleasePhaseTimeout);

    /// <param name="keepAs">The instance name the lines are kept under in the app's logs; null: not kept (the push shows them).</param>
    public async IAsyncEnumerable<NodeWorkEvent> RunToCompletionAsync(InstanceRequest request, string? keepAs, TimeSpan limit)
    {
        var lines = Channel.CreateUnbounded<string>();
        var pending = "";
        var file = keepAs is null ? null : kept.For(AppName.Parse(request.App));
        // One token per run marks its kept lines, as a container id marks an instance's.
        var runMark = $"run-{Guid.NewGuid():N}"[..12];
        void Emit(string line, bool isError)
        {
            lines.Writer.TryWrite(line);
            file?.Append([new KeptLine(DateTimeOffset.UtcNow, keepAs!, request.ReleaseVersion, isError, runMark, line)]);
        }

        // A command that never ends must not hold its app's deploys (or its job) forever: the
        // runner removes the container when this fires.
        using var timeout = new CancellationTokenSource(limit);
        var run = Task.Run(async () =>
        {
            var lastIsError = false;
            try
            {
                return await runs.RunToCompletionAsync(request.ToSpec(), (isError, text) =>
                {
                    var parts = (pending + text).Split('\n');
                    foreach (var line in parts[..^1])
                    {
                        Emit(line.TrimEnd('\r'), isError);
                    }

                    pending = parts[^1];
                    lastIsError = isError;
                    return Task.CompletedTask;
                }, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                var setting = keepAs is null ? "Paas:Deploy:ReleasePhaseTimeout" : "Paas:Cron:Timeout";
                Emit($"the command did not finish within {limit} ({setting}) and was stopped", true);
                return -1L;
            }
            finally
            {
                if (pending.Length > 0)
                {
                    Emit(pending, lastIsError);
                }

                lines.Writer.TryComplete();
            }
        });

        await foreach (var line in lines.Reader.ReadAllAsync())
        {
            yield return NodeWorkEvent.Log(line);
        }

        yield return new NodeWorkEvent(null, ExitCode: await run);
    }
}
