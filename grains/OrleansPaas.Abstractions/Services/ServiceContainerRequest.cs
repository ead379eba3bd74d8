namespace OrleansPaas.Services;

/// <summary>
/// What a node runs for one service: the image, its environment and command by the official
/// image's contract, the file that gives it its password, where its data lives in the container
/// (the platform's named volume goes there), its port, and its limits. Rebuilt from the service's
/// stored state every time.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceContainerRequest")]
public sealed record ServiceContainerRequest(
    [property: Id(0)] string Name,
    [property: Id(1)] ServiceKind Kind,
    [property: Id(2)] string Image,
    [property: Id(3)] IReadOnlyDictionary<string, string> Environment,
    [property: Id(4)] IReadOnlyList<string>? Command,
    [property: Id(5)] string DataPath,
    [property: Id(6)] int Port,
    [property: Id(7)] long MemoryBytes,
    [property: Id(8)] long NanoCpus,
    [property: Id(9)] ServiceSecretFile Secret);
