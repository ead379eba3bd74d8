namespace OrleansPaas.NodeServices.Runtime.Events;

/// <summary>What the node's event stream hands its subscribers.</summary>
public enum ContainerEventKind
{
    /// <summary>
    /// The stream is (re)opening. Events since the last one seen are replayed, but only those the
    /// engine still holds (not across an engine restart): a subscriber that must miss no container
    /// reads the engine's state when it gets this.
    /// </summary>
    StreamOpened,

    /// <summary>A platform container started.</summary>
    Started,

    /// <summary>A platform container's process ended (exit, crash, OOM kill, <c>docker kill</c>).</summary>
    Died,
}
