namespace OrleansPaas.Attachments;

/// <summary>
/// One persistent mount of an app: a named volume the platform owns (<c>storage:create</c>;
/// <see cref="Source"/> is the engine's volume name) or a host directory (<c>storage:mount</c>;
/// <see cref="Source"/> is the path). <see cref="Name"/> is what users see and unmount by.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.StorageMount")]
public sealed record StorageMount(
    [property: Id(0)] string Name,
    [property: Id(1)] string Source,
    [property: Id(2)] string ContainerPath,
    [property: Id(3)] bool HostDirectory)
{
    /// <summary>The engine's name of an app's volume: prefixed and labelled, so it is recognisably the platform's.</summary>
    public static string VolumeName(string app, string name) => $"paas-{app}-{name}";

    /// <summary>Dokku's <c>storage:list</c> form: <c>source:container-path</c>.</summary>
    public override string ToString() => $"{Source}:{ContainerPath}";
}
