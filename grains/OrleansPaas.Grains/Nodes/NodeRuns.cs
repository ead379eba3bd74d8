using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Nodes;

/// <summary>The node grain's runs to completion (the release phase): output streamed by line, stopped at its timeout.</summary>
public sealed class NodeRuns(IOneOffRuns runs, IOptions<PaasOptions> options)
{
    public async IAsyncEnumerable<NodeWorkEvent> RunToCompletionAsync(InstanceRequest request)
    {
        var lines = Channel.CreateUnbounded<string>();
        var pending = "";
        // A release command that never ends must not hold its app's deploys forever: the runner
        // removes the container when this fires.
        using var timeout = new CancellationTokenSource(options.Value.Deploy.ReleasePhaseTimeout);
        var run = Task.Run(async () =>
        {
            try
            {
                return await runs.RunToCompletionAsync(request.ToSpec(), (_, text) =>
                {
                    var parts = (pending + text).Split('\n');
                    foreach (var line in parts[..^1])
                    {
                        lines.Writer.TryWrite(line.TrimEnd('\r'));
                    }

                    pending = parts[^1];
                    return Task.CompletedTask;
                }, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                lines.Writer.TryWrite($"the command did not finish within {options.Value.Deploy.ReleasePhaseTimeout} (Paas:Deploy:ReleasePhaseTimeout) and was stopped");
                return -1L;
            }
            finally
            {
                if (pending.Length > 0)
                {
                    lines.Writer.TryWrite(pending);
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
