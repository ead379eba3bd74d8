using Polly;
using Polly.Retry;

namespace OrleansPaas.NodeServices.Resilience;

/// <summary>
/// The one back-off for loops that must succeed sooner or later: retry every failure until it
/// succeeds or the caller's token is cancelled. Two paces: <see cref="Create"/> for a grain (the
/// silo may still be starting, a grain may be moving: 100 ms more each time, up to 2 s) and
/// <see cref="CreateForEngine"/> for the Docker engine (restarting or gone: 1 s doubling to 30 s,
/// with jitter, so nodes do not all knock at once).
/// </summary>
public static class RetryForever
{
    /// <param name="failed">Called with each failure and how many failures in a row it makes (1, 2, …), e.g. to log some of them.</param>
    public static ResiliencePipeline Create(Action<Exception, int> failed, TimeProvider? time = null) =>
        Build(DelayBackoffType.Linear, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), jitter: false,
            (exception, failures, _) => failed(exception, failures), time);

    /// <param name="failed">Called with each failure, how many failures in a row it makes, and the wait before the next attempt.</param>
    public static ResiliencePipeline CreateForEngine(Action<Exception, int, TimeSpan> failed, TimeProvider? time = null) =>
        Build(DelayBackoffType.Exponential, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter: true, failed, time);

    private static ResiliencePipeline Build(DelayBackoffType backoff, TimeSpan delay, TimeSpan longest, bool jitter,
        Action<Exception, int, TimeSpan> failed, TimeProvider? time) =>
        new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = backoff,
                Delay = delay,
                MaxDelay = longest,
                UseJitter = jitter,
                // Any failure, even a cancellation that is not the caller's (a timed-out call), is retried;
                // only the caller's own cancellation ends the loop.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                OnRetry = args =>
                {
                    failed(args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
}
