using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// The growing log of one build. Docker reports progress on thread-pool threads while the grain
/// reads, so access is locked; readers wait on a signal instead of polling. Lines are also
/// appended to a file so the output outlives the grain activation. Memory holds only the last
/// <see cref="MaxLinesInMemory"/> lines, each at most <see cref="MaxLineLength"/> characters: a
/// build that prints without end cannot fill the node. Line numbers stay those of the whole log.
/// </summary>
public sealed class BuildLog : IDisposable
{
    public const int MaxLinesInMemory = 10_000;
    public const int MaxLineLength = 8 * 1024;

    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    // How many lines were dropped from the start of _lines (the number of _lines[0] in the whole log).
    private int _dropped;
    private StreamWriter? _file;
    private TaskCompletionSource _changed = NewSignal();

    public BuildLog(int buildId, string? filePath)
    {
        BuildId = buildId;
        if (filePath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
            _file = new StreamWriter(filePath, append: false) { AutoFlush = true };
        }
    }

    /// <summary>A log held only in memory, for work that is not a build (a scale, a wake, a certificate order): its lines feed the command's answer.</summary>
    public static BuildLog InMemory() => new(0, filePath: null);

    public int BuildId { get; }
    public BuildOutcome Outcome { get; private set; } = BuildOutcome.Queued;

    /// <summary>A step header, Heroku style: <c>-----> Building blog from Dockerfile</c>.</summary>
    public void Step(string text) => Write("-----> " + text);

    /// <summary>Output of a tool inside a step, indented under the step header.</summary>
    public void Detail(string text) => Write("       " + text);

    /// <summary>An error line, Heroku style.</summary>
    public void Error(string text) => Write(" !     " + text);

    public void Write(string line)
    {
        TaskCompletionSource signal;
        if (line.Length > MaxLineLength)
        {
            line = line[..MaxLineLength] + " …(line cut)";
        }

        lock (_gate)
        {
            _lines.Add(line);
            _file?.WriteLine(line);
            // Dropped in batches, so a long log does not shift the list on every line.
            if (_lines.Count > MaxLinesInMemory + MaxLinesInMemory / 10)
            {
                var excess = _lines.Count - MaxLinesInMemory;
                _lines.RemoveRange(0, excess);
                _dropped += excess;
            }

            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
    }

    public void SetOutcome(BuildOutcome outcome)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            Outcome = outcome;
            signal = _changed;
            _changed = NewSignal();
            if (outcome.IsFinished())
            {
                // Later lines (e.g. from retiring old instances) stay in memory only.
                _file?.Dispose();
                _file = null;
            }
        }

        signal.TrySetResult();
    }

    public async Task<BuildLogChunk> ReadAsync(int fromLine, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        Task changed;
        lock (_gate)
        {
            if (fromLine < _dropped + _lines.Count || Outcome.IsFinished())
            {
                return Slice(fromLine);
            }

            changed = _changed.Task;
        }

        await Task.WhenAny(changed, Task.Delay(wait, cancellationToken));
        lock (_gate)
        {
            return Slice(fromLine);
        }
    }

    /// <summary>The lines still in memory (the last <see cref="MaxLinesInMemory"/> or more).</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (_gate)
        {
            return _lines.ToList();
        }
    }

    /// <summary>How many lines the whole log has, including those no longer in memory.</summary>
    public int LineCount
    {
        get
        {
            lock (_gate)
            {
                return _dropped + _lines.Count;
            }
        }
    }

    private BuildLogChunk Slice(int fromLine)
    {
        var total = _dropped + _lines.Count;
        if (fromLine < _dropped)
        {
            // A reader that fell behind gets a note in place of what is gone, then the rest.
            var missed = _dropped - Math.Max(0, fromLine);
            var note = $"       … {missed} line(s) of output not kept in memory; the whole log is in the app's build log file";
            return new BuildLogChunk([note, .. _lines], total, Outcome);
        }

        var start = Math.Clamp(fromLine - _dropped, 0, _lines.Count);
        return new BuildLogChunk(_lines.GetRange(start, _lines.Count - start), total, Outcome);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }
}
