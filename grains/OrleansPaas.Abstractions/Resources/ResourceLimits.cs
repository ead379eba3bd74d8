namespace OrleansPaas.Resources;

/// <summary>
/// An app's own resource limits (<c>resource:limit</c>); a null field is the platform's default
/// (<c>Paas:Deploy:CpuLimit</c>, <c>Paas:Deploy:MemoryLimitMiB</c>). As a command, a null field leaves
/// the app's value as it is.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ResourceLimits")]
public sealed record ResourceLimits(
    [property: Id(0)] long? NanoCpus,
    [property: Id(1)] long? MemoryBytes)
{
    public static readonly ResourceLimits None = new(null, null);

    /// <summary>These limits with <paramref name="change"/>'s set fields in place.</summary>
    public ResourceLimits With(ResourceLimits change) => new(change.NanoCpus ?? NanoCpus, change.MemoryBytes ?? MemoryBytes);
}
