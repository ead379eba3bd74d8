using Polly;
using Polly.Retry;

namespace OrleansPaas.Grains.Resilience;

/// <summary>
/// The one back-off for loops that must reach a grain sooner or later (the silo may still be
/// starting, a grain may be moving to another node): retry every failure, waiting 100 ms more each
/// time up to 2 s, until it succeeds or the caller's token is cancelled.
/// </summary>
public static class RetryForever
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(2);

    /// <param name="failed">Called with each failure and how many failures in a row it makes (1, 2, …), e.g. to log some of them.</param>
    public static ResiliencePipeline Create(Action<Exception, int> failed, TimeProvider? time = null) =>
        new ResiliencePipelineBuilder { TimeProvider = time ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Linear,
                Delay = Step,
                MaxDelay = Longest,
                UseJitter = false,
                // Any failure, even a cancellation that is not the caller's (a timed-out call), is retried;
                // only the caller's own cancellation ends the loop.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
                OnRetry = args =>
                {
                    failed(args.Outcome.Exception!, args.AttemptNumber + 1);
                    return default;
                },
            })
            .Build();
}
