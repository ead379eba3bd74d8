namespace OrleansPaas.Attachments;

/// <summary>
/// One change to an app's attachments, checked for shape at the entry point (<see cref="StoragePaths"/>,
/// <see cref="PortSpec"/>, <see cref="ExtraPrivileges"/>) and against the app's state by its grain.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.AttachmentChange")]
public sealed record AttachmentChange(
    [property: Id(0)] AttachmentChangeKind Kind,
    [property: Id(1)] StorageMount? Mount = null,
    [property: Id(2)] PortMapping? Port = null,
    // Removals name what goes (a mount's name, its source:path or its container path); capabilities and devices their value.
    [property: Id(3)] string? Value = null);

[GenerateSerializer, Alias("paas.AttachmentChangeKind")]
public enum AttachmentChangeKind
{
    AddMount = 0,
    RemoveMount = 1,
    AddPort = 2,
    RemovePort = 3,
    AddCapability = 4,
    RemoveCapability = 5,
    AddDevice = 6,
    RemoveDevice = 7,
}
