using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;
using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Runtime;

/// <summary>The output of an app's instances, merged into one stream of lines prefixed by instance.</summary>
public sealed class ContainerLogs(DockerClientProvider docker)
{
    public async IAsyncEnumerable<OutputLine> ReadAsync(
        IReadOnlyList<InstanceInfo> instances,
        int tail,
        bool follow,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var merged = Channel.CreateUnbounded<OutputLine>();
        var readers = instances.Select(i => PumpAsync(i, tail, follow, merged.Writer, cancellationToken)).ToList();
        _ = Task.WhenAll(readers).ContinueWith(_ => merged.Writer.TryComplete(), TaskScheduler.Default);
        await foreach (var line in merged.Reader.ReadAllAsync(cancellationToken))
        {
            yield return line;
        }
    }

    private async Task PumpAsync(InstanceInfo instance, int tail, bool follow, ChannelWriter<OutputLine> output, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await docker.Client.Containers.GetContainerLogsAsync(instance.ContainerId, tty: false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = tail.ToString(), Follow = follow },
                cancellationToken);
            var pending = new Dictionary<bool, string> { [false] = "", [true] = "" };
            await foreach (var (isError, text) in MultiplexedLines.ReadAsync(stream, cancellationToken))
            {
                var lines = (pending[isError] + text).Split('\n');
                for (var i = 0; i < lines.Length - 1; i++)
                {
                    await output.WriteAsync(new OutputLine(instance.Name, isError, lines[i].TrimEnd('\r')), cancellationToken);
                }

                pending[isError] = lines[^1];
            }

            foreach (var (isError, rest) in pending.Where(p => p.Value.Length > 0))
            {
                await output.WriteAsync(new OutputLine(instance.Name, isError, rest), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (DockerContainerNotFoundException)
        {
            // The instance was retired while we read: its output ends here.
        }
    }
}
