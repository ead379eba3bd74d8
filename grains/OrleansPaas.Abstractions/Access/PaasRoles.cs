namespace OrleansPaas.Access;

/// <summary>The roles' names as users type and read them: <c>admin</c>, <c>deploy</c>, <c>read</c>.</summary>
public static class PaasRoles
{
    public const string Names = "admin|deploy|read";

    public static bool TryParse(string? text, out PaasRole role)
    {
        role = text?.Trim().ToLowerInvariant() switch
        {
            "admin" => PaasRole.Admin,
            "deploy" => PaasRole.Deploy,
            "read" => PaasRole.Read,
            _ => 0,
        };
        return role != 0;
    }

    public static string Name(PaasRole role) => role switch
    {
        PaasRole.Admin => "admin",
        PaasRole.Deploy => "deploy",
        PaasRole.Read => "read",
        _ => "none",
    };
}
