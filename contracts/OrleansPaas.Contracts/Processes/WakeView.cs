namespace OrleansPaas.Contracts.Processes;

/// <summary>One wake: when, instance start time and first response time in milliseconds, requests held, failure.</summary>
public sealed record WakeView
{
    public int Number { get; init; }
    public DateTimeOffset At { get; init; }
    public double? StartMs { get; init; }
    public double? FirstResponseMs { get; init; }
    public int HeldRequests { get; init; }
    public string? Failure { get; init; }
}
