using System.Diagnostics;
using OrleansPaas.Sleep;

namespace OrleansPaas.Gateway.Sleep;

/// <summary>
/// One wake of one app as this gateway sees it: the single call to the app's grain that every request
/// held here shares, how many requests it holds now and in all, and when the first of them got its
/// response (reported to the grain once, for <c>ps:report</c>).
/// </summary>
public sealed class PendingWake(Task<WakeResult> result)
{
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private int _holding;
    private int _held;
    private int _answered;

    public Task<WakeResult> Result { get; } = result;

    public int Held => Volatile.Read(ref _held);

    /// <summary>Takes one more request, unless <paramref name="limit"/> are held already.</summary>
    public bool TryHold(int limit)
    {
        if (Interlocked.Increment(ref _holding) > limit)
        {
            Interlocked.Decrement(ref _holding);
            return false;
        }

        Interlocked.Increment(ref _held);
        return true;
    }

    public void Release() => Interlocked.Decrement(ref _holding);

    /// <summary>The time from the first held request to the first response, once; null for every later response.</summary>
    public TimeSpan? FirstAnswer() => Interlocked.Exchange(ref _answered, 1) == 0 ? _since.Elapsed : null;
}
