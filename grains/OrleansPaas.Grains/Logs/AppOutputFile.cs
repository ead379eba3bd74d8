using System.Threading.Channels;

namespace OrleansPaas.Grains.Logs;

/// <summary>
/// One app's kept output on this node: <c>output.log</c>, and <c>output.1.log</c> before it. When
/// the current file passes half the app's allowance it becomes <c>output.1.log</c> (replacing the
/// older one), so at most the allowance (<c>Paas:Logs:KeepMiB</c>) is kept, and the newest lines
/// always are. The newest lines are also held in memory, so a tail (and a follow's start) does not
/// read the files, and the writer, which is an instance's output, never waits on a reader: a
/// follower that falls a whole buffer behind is ended (told so) instead.
/// </summary>
public sealed class AppOutputFile
{
    public const string CurrentName = "output.log";
    public const string PreviousName = "output.1.log";

    /// <summary>Lines held in memory: a tail up to this many never reads the files.</summary>
    public const int RecentLines = 2000;

    private readonly object _gate = new();
    private readonly string _directory;
    private readonly long _rotateAtBytes;
    private readonly List<Follower> _followers = [];
    private readonly Queue<KeptLine> _recent = new();
    private readonly Dictionary<string, DateTimeOffset> _lastAtByContainer = new(StringComparer.Ordinal);
    private StreamWriter? _writer;
    private bool _loaded;
    private bool _closed;

    public AppOutputFile(string directory, long keepBytes)
    {
        _directory = directory;
        _rotateAtBytes = Math.Max(1024, keepBytes / 2);
    }

    private string Current => Path.Combine(_directory, CurrentName);
    private string Previous => Path.Combine(_directory, PreviousName);

    /// <summary>The time of the newest line kept of the container (MinValue when none): where following it again resumes.</summary>
    public DateTimeOffset LastAtOf(string container)
    {
        lock (_gate)
        {
            Load();
            return _lastAtByContainer.GetValueOrDefault(KeptLine.ShortId(container), DateTimeOffset.MinValue);
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
            // The app was destroyed: a keeper still reading its last container writes nothing more.
            if (_closed)
            {
                return;
            }

            Load();
            var writer = _writer ??= Open();
            foreach (var line in lines)
            {
                writer.Write(line.Format());
                writer.Write('\n');
                Remember(line);
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

    /// <summary>The last <paramref name="count"/> kept lines, in the order they were kept.</summary>
    public IReadOnlyList<KeptLine> Tail(int count)
    {
        lock (_gate)
        {
            return TailLocked(count);
        }
    }

    /// <summary>
    /// The last <paramref name="tail"/> lines and, from the same moment (under one lock, so no line
    /// falls between them or comes twice), every line kept after them until the reader stops.
    /// </summary>
    public (IReadOnlyList<KeptLine> Tail, ChannelReader<KeptLine> Follow) TailAndFollow(int tail, int capacity)
    {
        var follower = new Follower(capacity);
        lock (_gate)
        {
            var lines = TailLocked(tail);
            if (_closed)
            {
                follower.End(null);
            }
            else
            {
                _followers.Add(follower);
            }

            return (lines, follower.Reader);
        }
    }

    /// <summary>Stops following for a reader that went away, so the file does not keep offering it lines.</summary>
    public void Unfollow(ChannelReader<KeptLine> reader)
    {
        lock (_gate)
        {
            _followers.RemoveAll(f => ReferenceEquals(f.Reader, reader));
        }
    }

    /// <summary>Ends every follower and closes the file for good (the app was destroyed, or the node stops).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _followers.ForEach(f => f.End(null));
            _followers.Clear();
            _writer?.Dispose();
            _writer = null;
        }
    }

    private IReadOnlyList<KeptLine> TailLocked(int count)
    {
        Load();
        if (count <= _recent.Count || _recent.Count < RecentLines)
        {
            // Everything kept is in memory (fewer lines than it holds), or the tail fits in it.
            return _recent.Skip(Math.Max(0, _recent.Count - count)).ToList();
        }

        // A longer tail than memory holds (logs -n 50000): from the files, rarely.
        _writer?.Flush();
        var ring = new Queue<KeptLine>(count);
        foreach (var line in ReadFiles())
        {
            if (ring.Count == count)
            {
                ring.Dequeue();
            }

            ring.Enqueue(line);
        }

        return ring.ToList();
    }

    /// <summary>Once per process: the newest lines and each container's last time, from what earlier runs kept.</summary>
    private void Load()
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        foreach (var line in ReadFiles())
        {
            Remember(line);
        }
    }

    private void Remember(KeptLine line)
    {
        _recent.Enqueue(line);
        if (_recent.Count > RecentLines)
        {
            _recent.Dequeue();
        }

        if (!_lastAtByContainer.TryGetValue(line.Container, out var last) || line.At > last)
        {
            _lastAtByContainer[line.Container] = line.At;
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

    private IEnumerable<KeptLine> ReadFiles()
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
