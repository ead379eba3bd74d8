using System.Runtime.CompilerServices;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Configuration;

namespace OrleansPaas.Grains.Runtime;

/// <summary>
/// The output of an app's instances, merged into one stream of lines prefixed by instance. The
/// merge is bounded (<see cref="FollowerBuffer{T}"/>): a reader that stops taking lines is dropped.
/// </summary>
public sealed partial class ContainerLogs(DockerClientProvider docker, IOptions<PaasOptions> options, ILogger<ContainerLogs> logger)
{
    // An app that writes without newlines must not grow one line without end.
    private const int MaxLineLength = 8 * 1024;

    public async IAsyncEnumerable<OutputLine> ReadAsync(
        IReadOnlyList<InstanceInfo> instances,
        int tail,
        bool follow,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = options.Value.Logs;
        var merged = new FollowerBuffer<OutputLine>(settings.FollowerBufferLines, settings.SlowReaderTimeout,
            dropped => LogReaderDropped(logger, dropped.Capacity, "on the node"));
        // Ends every engine stream once the reader is done, dropped or gone.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = instances.Select(i => PumpAsync(i, tail, follow, merged, stop.Token)).ToList();
        _ = Task.WhenAll(readers).ContinueWith(_ => merged.Complete(), TaskScheduler.Default);
        try
        {
            await foreach (var line in merged.ReadAllAsync(cancellationToken))
            {
                yield return line;
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        if (merged.Dropped)
        {
            yield return new OutputLine("paas", true, merged.DroppedNote("on the node"));
        }
    }

    private async Task PumpAsync(InstanceInfo instance, int tail, bool follow, FollowerBuffer<OutputLine> output, CancellationToken cancellationToken)
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
                    if (!await output.WriteAsync(new OutputLine(instance.Name, isError, Cut(lines[i].TrimEnd('\r'))), cancellationToken))
                    {
                        return;
                    }
                }

                pending[isError] = lines[^1];
                if (pending[isError].Length > MaxLineLength)
                {
                    var cut = pending[isError];
                    pending[isError] = "";
                    if (!await output.WriteAsync(new OutputLine(instance.Name, isError, Cut(cut)), cancellationToken))
                    {
                        return;
                    }
                }
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

    private static string Cut(string line) => line.Length > MaxLineLength ? line[..MaxLineLength] + " …(line cut)" : line;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a logs reader that fell behind by more than {Lines} lines {Where}")]
    internal static partial void LogReaderDropped(ILogger logger, int lines, string where);
}
