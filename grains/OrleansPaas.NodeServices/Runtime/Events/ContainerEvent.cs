namespace OrleansPaas.NodeServices.Runtime.Events;

/// <summary>
/// One event of a platform container on this node. <see cref="Attributes"/> are the engine's: the
/// container's labels (<see cref="ContainerLabels"/>), its name and image, and for a death its <c>exitCode</c>.
/// </summary>
public sealed record ContainerEvent(ContainerEventKind Kind, string ContainerId, IReadOnlyDictionary<string, string> Attributes)
{
    public static ContainerEvent StreamOpened { get; } = new(ContainerEventKind.StreamOpened, "", new Dictionary<string, string>());

    /// <summary>The exit code of a death; -1 when the engine did not say.</summary>
    public long ExitCode => Attributes.TryGetValue("exitCode", out var code) && long.TryParse(code, out var parsed) ? parsed : -1;

    /// <summary>An app's instance (web.1, worker.2), not a one-off, release-phase or build container.</summary>
    public bool IsInstance => Attributes.ContainsKey(ContainerLabels.Index) && Attributes.ContainsKey(ContainerLabels.App);
}
