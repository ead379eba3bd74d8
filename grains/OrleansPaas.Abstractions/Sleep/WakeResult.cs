namespace OrleansPaas.Sleep;

/// <summary>
/// The answer to a gateway that asked a sleeping app to wake: awake (its routes are published),
/// or why not and when to try again. <see cref="Wake"/> numbers the wake the gateway's held
/// requests belong to, for <see cref="Apps.IAppGrain.ReportWakeAsync"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.WakeResult")]
public sealed record WakeResult(
    [property: Id(0)] bool Awake,
    [property: Id(1)] string? Problem,
    [property: Id(2)] int Wake,
    [property: Id(3)] TimeSpan? RetryAfter)
{
    public static WakeResult Up(int wake) => new(true, null, wake, null);
    public static WakeResult Failed(string problem, int wake, TimeSpan retryAfter) => new(false, problem, wake, retryAfter);
}
