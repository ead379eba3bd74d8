namespace OrleansPaas.Gateway.Git;

/// <summary>What a sync did before a git request was served.</summary>
public enum RepositorySyncOutcome
{
    /// <summary>The store knows nothing of the app (or is local-only): the local disk decides, as on a single node.</summary>
    NotStored,

    /// <summary>The local ref already points at the stored commit.</summary>
    UpToDate,

    /// <summary>The stored pack was imported and the ref moved to the stored commit.</summary>
    Imported,

    /// <summary>A push is being received on this node: its repository is the newest copy and git owns its refs.</summary>
    SkippedDuringPush,
}
