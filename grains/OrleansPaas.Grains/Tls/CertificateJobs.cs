using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Grains.Tls;

/// <summary>
/// One app's certificate orders as jobs to follow (<c>letsencrypt:enable</c> streams one): at most one
/// runs at a time, and the logs of the last few stay in memory to be read (<see cref="JobLogs"/>).
/// </summary>
public sealed class CertificateJobs
{
    private readonly JobLogs _logs = new(keep: 5);
    private (int Id, Task Work) _current = (0, Task.CompletedTask);

    /// <summary>Starts <paramref name="order"/> under a new job unless one runs (then that one's id is returned); the job id to follow.</summary>
    public int Start(string heading, Func<BuildLog, Task> order)
    {
        if (!_current.Work.IsCompleted)
        {
            return _current.Id;
        }

        var id = _current.Id + 1;
        var log = _logs.Open(id);
        log.Step(heading);
        _current = (id, order(log));
        return id;
    }

    public Task<BuildLogChunk> ReadAsync(int jobId, int fromLine, TimeSpan wait, CancellationToken cancellationToken) =>
        _logs.ReadAsync(jobId, fromLine, wait, cancellationToken);
}
