namespace OrleansPaas.Configuration;

public sealed class GitOptions
{
    /// <summary>
    /// The largest push accepted, in bytes (the pack as sent, and the request once decompressed):
    /// git's <c>receive.maxInputSize</c>. A bigger push is refused and changes nothing.
    /// </summary>
    public long MaxPushBytes { get; set; } = 1L << 30;
}
