namespace OrleansPaas.Grains.Deploy;

/// <summary>What <see cref="ImageCopies.Decide"/> says a needed image calls for.</summary>
public enum ImageCopyDecision
{
    /// <summary>On two live nodes (or on every node of a smaller cluster).</summary>
    Nothing,

    /// <summary>On one live node of two or more: a second live node takes a copy.</summary>
    Copy,

    /// <summary>On no live node: it is built again from the stored repository.</summary>
    Rebuild,
}
