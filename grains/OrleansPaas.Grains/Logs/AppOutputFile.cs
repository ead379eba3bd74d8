using System.Threading.Channels;

namespace OrleansPaas.Grains.Logs;

/// <summary>
/// One app's kept output on this node: <c>output.log</c>, and <c>output.1.log</c> before it. When
/// the current file passes half the app's allowance it becomes <c>output.1.log</c> (replacing the
/// older one), so at most the allowance (<c>Paas:Logs:KeepMiB</c>) is kept, and the newest lines
/// always are. Followers get each line as it is kept; one that falls a whole buffer behind is
/// ended (told so), because the writer (the instance's output) must never wait for a reader.
/// </summary>
public sealed class AppOutputFile
{
    public const string CurrentName = "output.log";
    public const string PreviousName = "output.1.log";

    private readonly object _gate = new();
    private readonly string _directory;
    private readonly long _rotateAtBytes;
    private readonly List<Follower> _followers = [];
    private StreamWriter? _writer;
    private DateTimeOffset? _lastAt;

    public AppOutputFile(string directory, long keepBytes)
    {
        _directory = directory;
        _rotateAtBytes = Math.Max(1024, keepBytes / 2);
    }

    private string Current => Path.Combine(_directory, CurrentName);
    private string Previous => Path.Combine(_directory, PreviousName);

    /// <summary>The time of the newest kept line (MinValue when none): where a restarted keeper resumes an instance.</summary>
    public DateTimeOffset LastAt
    {
        get
        {
            lock (_gate)
            {
                _lastAt ??= ReadAll().LastOrDefault()?.At ?? DateTimeOffset.MinValue;
                return _lastAt.Value;
            }
        }
    }

    public void Append(IReadOnlyList<KeptLine> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_writer is not null && !File.Exists(Current))
            {
                // The app was destroyed (its folder deleted) and created again: start a new file.
                _writer.Dispose();
                _writer = null;
            }

            var writer = _writer ??= Open();
            foreach (var line in lines)
            {
                writer.Write(line.Format());
                writer.Write('\n');
                _lastAt = _lastAt is { } last && last > line.At ? last : line.At;
            }

            writer.Flush();
            if (writer.BaseStream.Length >= _rotateAtBytes)
            {
                Rotate();
            }

            // Followers that are a whole buffer behind are ended instead of waited for.
            _followers.RemoveAll(follower => !lines.All(follower.Offer));
        }
    }

    /// <summary>The last <paramref name="count"/> kept lines, oldest first, and the time a follow should start after.</summary>
    public (IReadOnlyList<KeptLine> Lines, DateTimeOffset Until) Tail(int count)
    {
        lock (_gate)
        {
            _writer?.Flush();
            var ring = new Queue<KeptLine>(Math.Max(count, 0));
            var until = DateTimeOffset.MinValue;
            foreach (var line in ReadAll())
            {
                until = line.At > until ? line.At : until;
                if (count == 0)
                {
                    continue;
                }

                if (ring.Count == count)
                {
                    ring.Dequeue();
                }

                ring.Enqueue(line);
            }

            return (ring.ToList(), until);
        }
    }

    /// <summary>Every line kept after <paramref name="after"/>, then each new one as it is kept, until the reader stops.</summary>
    public ChannelReader<KeptLine> Follow(DateTimeOffset after, int capacity)
    {
        var follower = new Follower(capacity);
        lock (_gate)
        {
            _writer?.Flush();
            // Registered under the lock after the replay, so no line falls between the file and the stream.
            if (ReadAll().Where(line => line.At > after).All(follower.Offer))
            {
                _followers.Add(follower);
            }
        }

        return follower.Reader;
    }

    /// <summary>Stops following for a reader that went away, so the file does not keep offering it lines.</summary>
    public void Unfollow(ChannelReader<KeptLine> reader)
    {
        lock (_gate)
        {
            _followers.RemoveAll(f => ReferenceEquals(f.Reader, reader));
        }
    }

    /// <summary>Ends every follower and closes the file (the app was destroyed, or the node stops).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _followers.ForEach(f => f.End(null));
            _followers.Clear();
            _writer?.Dispose();
            _writer = null;
        }
    }

    private StreamWriter Open()
    {
        Directory.CreateDirectory(_directory);
        var stream = new FileStream(Current, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        return new StreamWriter(stream, new System.Text.UTF8Encoding(false));
    }

    private void Rotate()
    {
        _writer!.Dispose();
        _writer = null;
        File.Move(Current, Previous, overwrite: true);
    }

    private IEnumerable<KeptLine> ReadAll()
    {
        foreach (var file in new[] { Previous, Current })
        {
            if (!File.Exists(file))
            {
                continue;
            }

            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } text)
            {
                if (KeptLine.Parse(text) is { } line)
                {
                    yield return line;
                }
            }
        }
    }

    private sealed class Follower(int capacity)
    {
        private readonly Channel<KeptLine> _channel = Channel.CreateBounded<KeptLine>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        public ChannelReader<KeptLine> Reader => _channel.Reader;

        /// <summary>False when the reader is too far behind: its stream then ends with a note saying so.</summary>
        public bool Offer(KeptLine line)
        {
            if (_channel.Writer.TryWrite(line))
            {
                return true;
            }

            End(new ReaderTooSlowException(capacity));
            return false;
        }

        public void End(Exception? error) => _channel.Writer.TryComplete(error);
    }
}

/// <summary>The end of a follow whose reader fell a whole buffer behind the app's output.</summary>
public sealed class ReaderTooSlowException(int capacity)
    : Exception($"logs: this reader fell behind by more than {capacity} lines on the node and was dropped; run logs again to continue")
{
    public int Capacity { get; } = capacity;
}
