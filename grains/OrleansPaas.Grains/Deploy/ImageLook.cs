namespace OrleansPaas.Grains.Deploy;

/// <summary>Which live nodes hold an image, and whether every one asked answered (else "none holds it" proves nothing).</summary>
public sealed record ImageLook(IReadOnlyList<string> Holders, bool AllAnswered);
