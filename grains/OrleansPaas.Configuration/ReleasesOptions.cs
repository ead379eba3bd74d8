namespace OrleansPaas.Configuration;

public sealed class ReleasesOptions
{
    /// <summary>Images of this many latest releases stay on the node for rollback; older ones are removed.</summary>
    public int Keep { get; set; } = 5;

    /// <summary>
    /// Release records kept per app (the oldest go first, never the current one). Each holds a
    /// copy of the config it ran with, so rolling back restores that config too.
    /// </summary>
    public int KeepRecords { get; set; } = 100;
}
