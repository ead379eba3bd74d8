using System.Text;
using Docker.DotNet;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Turns Docker's multiplexed stdout/stderr stream into text pieces, split per stream.</summary>
public static class MultiplexedLines
{
    public static async IAsyncEnumerable<(bool IsError, string Text)> ReadAsync(
        MultiplexedStream stream,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        // Decoders keep partial UTF-8 sequences between reads, one per stream.
        var stdout = Encoding.UTF8.GetDecoder();
        var stderr = Encoding.UTF8.GetDecoder();
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
            if (read.EOF)
            {
                yield break;
            }

            var isError = read.Target == MultiplexedStream.TargetStream.StandardError;
            var decoder = isError ? stderr : stdout;
            var count = decoder.GetChars(buffer, 0, read.Count, chars, 0);
            if (count > 0)
            {
                yield return (isError, new string(chars, 0, count));
            }
        }
    }
}
