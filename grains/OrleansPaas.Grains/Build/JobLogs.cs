using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// The logs of an app's newest jobs by id, for readers following them (a push streams its build's):
/// only the last <c>keep</c> are held; an id not held reads as <see cref="BuildOutcome.Unknown"/>,
/// so a reader ends rather than waits.
/// </summary>
public sealed class JobLogs(int keep)
{
    private readonly Dictionary<int, BuildLog> _logs = [];
    // In the order they were opened: ids need not grow (a move's is chosen by its caller).
    private readonly Queue<int> _opened = new();

    /// <summary>A new log for job <paramref name="id"/>, held from now on in place of the one opened first.</summary>
    public BuildLog Open(int id)
    {
        var log = new BuildLog(id);
        if (_logs.TryAdd(id, log))
        {
            _opened.Enqueue(id);
        }
        else
        {
            _logs[id] = log;
        }

        while (_opened.Count > keep)
        {
            _logs.Remove(_opened.Dequeue());
        }

        return log;
    }

    public BuildLog? Find(int id) => _logs.GetValueOrDefault(id);

    public Task<BuildLogChunk> ReadAsync(int id, int fromLine, TimeSpan wait, CancellationToken cancellationToken) =>
        _logs.TryGetValue(id, out var log)
            ? log.ReadAsync(fromLine, wait, cancellationToken)
            : Task.FromResult(new BuildLogChunk([], fromLine, BuildOutcome.Unknown));

    public void Clear()
    {
        _logs.Clear();
        _opened.Clear();
    }
}
