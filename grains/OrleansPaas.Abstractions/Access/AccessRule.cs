namespace OrleansPaas.Access;

/// <summary>
/// The one authorization rule of every door (API, git over HTTP and SSH, dashboard, metrics): a
/// principal may do what its role reaches, on the apps it covers. Returns null when allowed, else
/// the sentence the refusal (403) carries.
/// </summary>
public static class AccessRule
{
    public static string? Refusal(PaasPrincipal who, AccessNeed need)
    {
        if (who.Role < need.Role)
        {
            return $"'{who.Name}' has the role {PaasRoles.Name(who.Role)}; this needs {PaasRoles.Name(need.Role)}";
        }

        if (need.App is { } app && !who.Covers(app))
        {
            return $"'{who.Name}' is limited to the apps {string.Join(", ", who.Apps)}; '{app}' is not one of them";
        }

        if (need.EveryApp && !who.CoversEveryApp)
        {
            return $"'{who.Name}' is limited to the apps {string.Join(", ", who.Apps)}; this concerns every app";
        }

        return null;
    }

    public static bool Allows(PaasPrincipal who, AccessNeed need) => Refusal(who, need) is null;
}
