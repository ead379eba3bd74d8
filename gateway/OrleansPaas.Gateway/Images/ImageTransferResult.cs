namespace OrleansPaas.Gateway.Images;

/// <summary>
/// The outcome of fetching an image from another node. Expected failures (the image is not
/// there, the node does not answer, the transfer is too slow) are values with a reason a person
/// can act on, so a rollout can try another source instead of unwinding an exception.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ImageTransferResult")]
public sealed record ImageTransferResult(
    [property: Id(0)] string Reference,
    [property: Id(1)] bool Succeeded,
    [property: Id(2)] string? ImageId,
    [property: Id(3)] long Bytes,
    [property: Id(4)] TimeSpan Duration,
    [property: Id(5)] string? Failure)
{
    public static ImageTransferResult Loaded(string reference, string imageId, long bytes, TimeSpan duration) =>
        new(reference, true, imageId, bytes, duration, null);

    public static ImageTransferResult Failed(string reference, string reason, long bytes, TimeSpan duration) =>
        new(reference, false, null, bytes, duration, reason);

    /// <summary>Bytes per second over the whole transfer (download and load together).</summary>
    public double BytesPerSecond => Duration > TimeSpan.Zero ? Bytes / Duration.TotalSeconds : 0;
}
