namespace OrleansPaas.Supervision;

/// <summary>
/// An app instance's container that its node's engine reported dead (Docker's die event), with the
/// exit code the event gave (-1 when it gave none): 137 after <c>docker kill</c> or the OOM killer.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.InstanceDeath")]
public sealed record InstanceDeath(
    [property: Id(0)] string ContainerId,
    [property: Id(1)] long ExitCode);
