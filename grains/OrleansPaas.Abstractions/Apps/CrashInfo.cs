namespace OrleansPaas.Apps;

/// <summary>How an instance last died and how often it was restarted; <see cref="Restarting"/> while it waits out its back-off.</summary>
[GenerateSerializer, Immutable, Alias("paas.CrashInfo")]
public sealed record CrashInfo(
    [property: Id(0)] string Instance,
    [property: Id(1)] int Restarts,
    [property: Id(2)] long LastExitCode,
    [property: Id(3)] IReadOnlyList<string> LastOutput,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] bool Restarting);
