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

    /// <summary>A new log for job <paramref name="id"/>, held from now on in place of the oldest.</summary>
    public BuildLog Open(int id)
    {
        var log = new BuildLog(id);
        _logs[id] = log;
        foreach (var old in _logs.Keys.Order().Take(Math.Max(0, _logs.Count - keep)).ToList())
        {
            _logs.Remove(old);
        }

        return log;
    }

    public BuildLog? Find(int id) => _logs.GetValueOrDefault(id);

    public Task<BuildLogChunk> ReadAsync(int id, int fromLine, TimeSpan wait, CancellationToken cancellationToken) =>
        _logs.TryGetValue(id, out var log)
            ? log.ReadAsync(fromLine, wait, cancellationToken)
            : Task.FromResult(new BuildLogChunk([], fromLine, BuildOutcome.Unknown));

    public void Clear() => _logs.Clear();
}
