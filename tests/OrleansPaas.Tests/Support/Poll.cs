namespace OrleansPaas.Tests.Support;

/// <summary>Waits for a condition by polling with a deadline; tests never sleep to synchronise.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last;
        Exception? lastError = null;
        while (true)
        {
            try
            {
                last = await probe();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex)
            {
                last = default!;
                lastError = ex;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not reached within {timeout.TotalSeconds:0}s (last: {last?.ToString() ?? lastError?.Message})");
            }

            await Task.Delay(100);
        }
    }

    public static Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        UntilAsync(probe, ok => ok, timeout, what);
}
