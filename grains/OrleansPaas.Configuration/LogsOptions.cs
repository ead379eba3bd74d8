namespace OrleansPaas.Configuration;

public sealed class LogsOptions
{
    /// <summary>
    /// Output kept per app on each node (its instances' lines, of every release), so <c>logs</c>
    /// shows it after the containers are gone; the newest lines are kept.
    /// </summary>
    public int KeepMiB { get; set; } = 8;

    /// <summary>Lines held for one <c>logs</c> reader (per node and on the node serving it) before it must take some.</summary>
    public int FollowerBufferLines { get; set; } = 10_000;

    /// <summary>
    /// How long a reader may take no line while its buffer is full before it is dropped (its
    /// stream ends with a note): a stalled <c>logs -t</c> costs a bounded buffer, never more.
    /// </summary>
    public TimeSpan SlowReaderTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
