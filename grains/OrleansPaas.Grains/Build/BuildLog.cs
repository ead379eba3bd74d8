using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// The growing log of one job (a build, a deploy, a certificate order), held in memory only: a
/// build's finished output is stored in the cluster (<see cref="IBuildOutputGrain"/>), so no
/// node's disk holds it and any node can answer for it. Docker reports progress on thread-pool
/// threads while the grain reads, so access is locked; readers wait on a signal instead of polling.
/// Memory holds the newest <see cref="MaxCharsInMemory"/> characters of lines (as much as a
/// build's stored output keeps), each line at most <see cref="MaxLineLength"/> characters: a job
/// that prints without end cannot fill the node. Line numbers stay those of the whole log.
/// </summary>
public sealed class BuildLog(int jobId)
{
    public const int MaxLineLength = 8 * 1024;

    /// <summary>What a build's stored output keeps of its end; memory keeps at least as much.</summary>
    public const int MaxCharsInMemory = 8 * 1024 * 1024;

    private readonly object _gate = new();
    private readonly List<string> _lines = [];
    // How many lines were dropped from the start of _lines (the number of _lines[0] in the whole log),
    // and how many characters they had (a line counts its newline).
    private int _dropped;
    private long _droppedChars;
    private long _chars;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>A log with no job of its own (a scale, a wake, a restart): its lines feed the command's answer.</summary>
    public static BuildLog InMemory() => new(0);

    public int BuildId { get; } = jobId;
    public BuildOutcome Outcome { get; private set; } = BuildOutcome.Queued;

    /// <summary>A step header, Heroku style: <c>-----> Building blog from Dockerfile</c>.</summary>
    public void Step(string text) => Write("-----> " + text);

    /// <summary>Output of a tool inside a step, indented under the step header.</summary>
    public void Detail(string text) => Write("       " + text);

    /// <summary>An error line, Heroku style.</summary>
    public void Error(string text) => Write(" !     " + text);

    /// <summary>Ends the job as failed, its reason the last line.</summary>
    public void Fail(string reason)
    {
        Error(reason);
        SetOutcome(BuildOutcome.Failed);
    }

    public void Write(string line)
    {
        if (line.Length > MaxLineLength)
        {
            line = line[..MaxLineLength] + " …(line cut)";
        }

        TaskCompletionSource signal;
        lock (_gate)
        {
            _lines.Add(line);
            _chars += line.Length + 1;
            // Dropped in batches, so a long log does not shift the list on every line.
            if (_chars > MaxCharsInMemory + MaxCharsInMemory / 10)
            {
                DropOldest(keepChars: MaxCharsInMemory, keepLines: int.MaxValue);
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

    /// <summary>The lines still in memory.</summary>
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

    /// <summary>
    /// The whole log as text, one line per line, its start cut (and a note saying how much) beyond
    /// <paramref name="maxChars"/> characters.
    /// </summary>
    public string Text(int maxChars = MaxCharsInMemory)
    {
        string text;
        long total;
        lock (_gate)
        {
            text = string.Join('\n', _lines) + "\n";
            total = _droppedChars + text.Length;
        }

        var kept = text.Length <= maxChars ? text : text[^maxChars..];
        return total == kept.Length ? kept : $"… the first {total - kept.Length} characters of this output were not kept\n" + kept;
    }

    /// <summary>
    /// Keeps only the last <paramref name="lines"/> lines: once a build's output is stored, its log
    /// stays in memory only for readers still following it, who are near its end.
    /// </summary>
    public void KeepLast(int lines)
    {
        lock (_gate)
        {
            DropOldest(keepChars: long.MaxValue, keepLines: lines);
        }
    }

    private void DropOldest(long keepChars, int keepLines)
    {
        var count = 0;
        long chars = 0;
        while (count < _lines.Count && (_chars - chars > keepChars || _lines.Count - count > keepLines))
        {
            chars += _lines[count].Length + 1;
            count++;
        }

        _lines.RemoveRange(0, count);
        _dropped += count;
        _droppedChars += chars;
        _chars -= chars;
    }

    private BuildLogChunk Slice(int fromLine)
    {
        var total = _dropped + _lines.Count;
        if (fromLine < _dropped)
        {
            // A reader that fell behind gets a note in place of what is gone, then the rest.
            var missed = _dropped - Math.Max(0, fromLine);
            var note = $"       … {missed} line(s) of output not kept in memory; builds:output shows a build's whole output";
            return new BuildLogChunk([note, .. _lines], total, Outcome);
        }

        var start = Math.Clamp(fromLine - _dropped, 0, _lines.Count);
        return new BuildLogChunk(_lines.GetRange(start, _lines.Count - start), total, Outcome);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
