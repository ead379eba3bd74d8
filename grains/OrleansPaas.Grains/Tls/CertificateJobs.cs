using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Grains.Tls;

/// <summary>
/// One app's certificate orders as jobs to follow (<c>letsencrypt:enable</c> streams one): at most one
/// runs at a time, and the logs of the last few stay in memory to be read.
/// </summary>
public sealed class CertificateJobs
{
    private const int RetainedLogs = 5;

    private readonly Dictionary<int, BuildLog> _logs = [];
    private (int Id, Task Work) _current = (0, Task.CompletedTask);

    /// <summary>Starts <paramref name="order"/> under a new job unless one runs (then that one's id is returned); the job id to follow.</summary>
    public int Start(string heading, Func<BuildLog, Task> order)
    {
        if (!_current.Work.IsCompleted)
        {
            return _current.Id;
        }

        var id = _current.Id + 1;
        var log = new BuildLog(id);
        _logs[id] = log;
        foreach (var old in _logs.Keys.Order().Take(Math.Max(0, _logs.Count - RetainedLogs)).ToList())
        {
            _logs.Remove(old);
        }

        log.Step(heading);
        _current = (id, order(log));
        return id;
    }

    public Task<BuildLogChunk> ReadAsync(int jobId, int fromLine, TimeSpan wait, CancellationToken cancellationToken) =>
        _logs.TryGetValue(jobId, out var log)
            ? log.ReadAsync(fromLine, wait, cancellationToken)
            : Task.FromResult(new BuildLogChunk([], fromLine, BuildOutcome.Unknown));
}
