namespace OrleansPaas.Grains.Sleep;

/// <summary>
/// One run of some work at a time, shared: a caller that comes while it runs gets the same task, a
/// caller after it ended starts a new run. Used on a grain's scheduler (one turn at a time), so it
/// needs no lock. Work that ends at once is never left behind as the "running" one.
/// </summary>
public sealed class SingleFlight<T>
{
    private Task<T>? _running;

    public bool Running => _running is not null;

    public Task<T> JoinOrStart(Func<Task<T>> work)
    {
        if (_running is { } running)
        {
            return running;
        }

        var run = RunAsync(work);
        // Work that finished without waiting has already cleared the slot; keeping its run would hand
        // its old answer to every later caller.
        if (!run.IsCompleted)
        {
            _running = run;
        }

        return run;
    }

    private async Task<T> RunAsync(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        finally
        {
            _running = null;
        }
    }
}
