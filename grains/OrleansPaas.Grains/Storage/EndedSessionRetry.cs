using Npgsql;
using Polly;
using Polly.Retry;

namespace OrleansPaas.Grains.Storage;

/// <summary>
/// One more try, on a new connection, of a call that found its pooled connection ended by the
/// database server. A restart or a failover ends every session, and PostgreSQL says so (57P01
/// admin shutdown, 57P02 crash shutdown) only on the session's next use: without this, the first
/// call on each pooled connection after an outage failed, so the first push or clone through a node
/// that had served git before was refused although the database was back (seen in bench/chaos.sh).
/// The pool's other connections were ended with it and are dropped before the second try. A session
/// ended before the call (the case above) ran nothing of it; one ended during the call may, rarely,
/// have committed it first. So only calls that may land twice are run through this: reads, a delete,
/// and the repository write, whose condition accepts the row it wrote itself.
/// </summary>
public sealed class EndedSessionRetry(NpgsqlDataSource dataSource)
{
    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 1,
            Delay = TimeSpan.Zero,
            ShouldHandle = new PredicateBuilder().Handle<PostgresException>(e => e.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown),
            OnRetry = _ =>
            {
                dataSource.Clear();
                return default;
            },
        })
        .Build();

    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(static async (call, token) => await call(token), call, cancellationToken).AsTask();
}
