namespace OrleansPaas.Services;

/// <summary>Kinds by the names users type (<c>services:create postgres NAME</c>).</summary>
public static class ServiceKinds
{
    public static IReadOnlyList<string> Names { get; } = ["postgres", "redis"];

    public static string Name(this ServiceKind kind) => kind == ServiceKind.Postgres ? "postgres" : "redis";

    public static bool TryParse(string? name, out ServiceKind kind)
    {
        kind = name?.Trim().ToLowerInvariant() switch
        {
            "postgres" or "postgresql" => ServiceKind.Postgres,
            "redis" => ServiceKind.Redis,
            _ => (ServiceKind)(-1),
        };
        return Enum.IsDefined(kind);
    }
}
