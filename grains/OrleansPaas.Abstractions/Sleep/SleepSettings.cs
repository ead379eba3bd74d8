namespace OrleansPaas.Sleep;

/// <summary>
/// A change to an app's sleep settings (<c>ps:set</c>); a null member stays as it is. For
/// <see cref="SleepAfter"/>, <see cref="SleepAfterChange.Default"/> goes back to <c>Paas:Sleep:IdleAfter</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.SleepSettings")]
public sealed record SleepSettings(
    [property: Id(0)] SleepAfterChange? SleepAfter,
    [property: Id(1)] bool? SleepPage);

/// <summary>A new idle time: <see cref="Value"/> null means off, unless <see cref="Default"/> asks for the platform's default.</summary>
[GenerateSerializer, Immutable, Alias("paas.SleepAfterChange")]
public sealed record SleepAfterChange(
    [property: Id(0)] TimeSpan? Value,
    [property: Id(1)] bool Default = false);
