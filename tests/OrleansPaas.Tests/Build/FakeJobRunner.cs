using System.Collections.Concurrent;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;

namespace OrleansPaas.Tests.Build;

/// <summary>
/// Runs a <see cref="BuildQueue"/>'s jobs as the test says: each blocks until the test finishes
/// (or crashes) it, or until it is abandoned; records what started, how many ran at once, and
/// what each job's outcome was when the queue finished it.
/// </summary>
public sealed class FakeJobRunner : IBuildJobRunner
{
    public const string Note = "v1 keeps serving http://blog.example.test";

    private readonly ConcurrentDictionary<int, TaskCompletionSource<bool>> _results = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _started = new();
    private int _running;

    public ConcurrentQueue<int> Started { get; } = new();
    public ConcurrentQueue<(int Id, bool Deployed, BuildOutcome Outcome)> Finished { get; } = new();
    public ConcurrentQueue<bool> WorkingCalls { get; } = new();
    public int MostAtOnce { get; private set; }

    /// <summary>Every job's record fails to be written.</summary>
    public bool RecordsFail { get; set; }

    public void Finish(int id, bool deployed = true) => Result(id).TrySetResult(deployed);

    public void Crash(int id, Exception exception) => Result(id).TrySetException(exception);

    /// <summary>Completes when job <paramref name="id"/> has started (within 5 s, else it fails).</summary>
    public Task StartedAsync(int id) => StartSignal(id).Task.WaitAsync(TimeSpan.FromSeconds(5));

    public async Task<bool> RunAsync(BuildJob job, CancellationToken abandoned)
    {
        MostAtOnce = Math.Max(MostAtOnce, Interlocked.Increment(ref _running));
        Started.Enqueue(job.Id);
        job.Log.Step($"building job {job.Id}");
        StartSignal(job.Id).TrySetResult();
        try
        {
            return await Result(job.Id).Task.WaitAsync(abandoned);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public string NothingDeployedNote() => Note;

    public Task FinishedAsync(BuildJob job, bool deployed)
    {
        Finished.Enqueue((job.Id, deployed, job.Log.Outcome));
        return RecordsFail ? Task.FromException(new IOException("the record could not be written")) : Task.CompletedTask;
    }

    public void Working(bool working) => WorkingCalls.Enqueue(working);

    private TaskCompletionSource<bool> Result(int id) =>
        _results.GetOrAdd(id, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource StartSignal(int id) =>
        _started.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
