using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Logs;

/// <summary>The node grain's reads of the output this node keeps (<see cref="KeptOutput"/>): a tail, or a tail and then a follow.</summary>
public sealed partial class KeptOutputReader(KeptOutput kept, IOptions<PaasOptions> options, ILogger<KeptOutputReader> logger)
{
    public IReadOnlyList<LogLine> ReadTail(string app, int lines) =>
        kept.For(AppName.Parse(app)).Tail(lines).Select(ToLogLine).ToList();

    public async IAsyncEnumerable<LogLine> FollowAsync(string app, int tail, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var file = kept.For(AppName.Parse(app));
        var (lines, follow) = file.TailAndFollow(tail, options.Value.Logs.FollowerBufferLines);
        try
        {
            foreach (var line in lines)
            {
                yield return ToLogLine(line);
            }

            yield return LogLine.EndOfTail;
            await foreach (var line in ReadUntilDroppedAsync(follow, cancellationToken))
            {
                yield return line;
            }
        }
        finally
        {
            file.Unfollow(follow);
        }
    }

    /// <summary>The follow's lines; a reader that fell a whole buffer behind gets a note saying so as its last line.</summary>
    private async IAsyncEnumerable<LogLine> ReadUntilDroppedAsync(ChannelReader<KeptLine> reader,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            string? dropped = null;
            try
            {
                if (!await reader.WaitToReadAsync(cancellationToken))
                {
                    yield break;
                }
            }
            catch (ReaderTooSlowException ex)
            {
                dropped = ex.Message;
                LogReaderDropped(logger, ex.Capacity);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            if (dropped is not null)
            {
                yield return new LogLine("paas", true, dropped);
                yield break;
            }

            while (reader.TryRead(out var line))
            {
                yield return ToLogLine(line);
            }
        }
    }

    private static LogLine ToLogLine(KeptLine line) => new(line.Instance, line.IsError, line.Text, line.Release, line.At);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a logs reader that fell behind by more than {Lines} lines on the node")]
    private static partial void LogReaderDropped(ILogger logger, int lines);
}
