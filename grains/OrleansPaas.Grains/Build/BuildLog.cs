using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// The growing log of one build. Docker reports progress on thread-pool threads while the grain
/// reads, so access is locked; readers wait on a signal instead of polling. Lines are also
/// appended to a file so the output outlives the grain activation.
/// </summary>
public sealed class BuildLog : IDisposable
{
    private readonly object _gate = new();
    private readonly List<string> _lines = [];
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
        lock (_gate)
        {
            _lines.Add(line);
            _file?.WriteLine(line);
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
            if (fromLine < _lines.Count || Outcome.IsFinished())
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

    public IReadOnlyList<string> Lines()
    {
        lock (_gate)
        {
            return _lines.ToList();
        }
    }

    private BuildLogChunk Slice(int fromLine)
    {
        var start = Math.Clamp(fromLine, 0, _lines.Count);
        return new BuildLogChunk(_lines.GetRange(start, _lines.Count - start), _lines.Count, Outcome);
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
