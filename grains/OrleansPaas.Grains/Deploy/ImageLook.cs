namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// Which live nodes hold an image, which are still loading a copy of it, and whether every one
/// asked answered (else "none holds it" proves nothing).
/// </summary>
public sealed record ImageLook(IReadOnlyList<string> Holders, IReadOnlyList<string> Arriving, bool AllAnswered);
