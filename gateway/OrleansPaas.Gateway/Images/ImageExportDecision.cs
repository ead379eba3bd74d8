namespace OrleansPaas.Gateway.Images;

/// <summary>What the export policy says about a requested reference.</summary>
public enum ImageExportDecision
{
    Exportable,

    /// <summary>Not a reference in the engine's grammar at all (answered 400).</summary>
    Malformed,

    /// <summary>A reference, but of an image the platform does not own (answered 403).</summary>
    NotThePlatforms,
}
