namespace OrleansPaas.Configuration;

public sealed class SupervisionOptions
{
    /// <summary>
    /// How often every app's desired instances are compared with what the nodes run. Docker events
    /// correct a crash at once; this pass catches whatever an event missed.
    /// </summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}
