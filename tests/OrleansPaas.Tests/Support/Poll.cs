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

    /// <summary>
    /// On a timeout, adds what <paramref name="report"/> prints at that moment (e.g. <c>ps:report</c>) to
    /// the message: a fault test that fails in CI can be read only from its message.
    /// </summary>
    public static async Task<T> WithReportAsync<T>(this Task<T> waiting, Func<Task<ProcessResult>> report)
    {
        try
        {
            return await waiting;
        }
        catch (TimeoutException timeout)
        {
            string now;
            try
            {
                now = (await report()).ToString();
            }
            catch (Exception ex)
            {
                now = "(no report: " + ex.Message + ")";
            }

            throw new TimeoutException($"{timeout.Message}\n{now}", timeout);
        }
    }
}
