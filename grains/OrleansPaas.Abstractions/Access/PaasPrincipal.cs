namespace OrleansPaas.Access;

/// <summary>
/// Who is asking, as every door sees it once the credential checked out: the credential's name (a
/// token's or an SSH key's; "admin" for the bootstrap admin token), its role, and the apps it is
/// limited to (empty: every app).
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.PaasPrincipal")]
public sealed record PaasPrincipal(
    [property: Id(0)] string Name,
    [property: Id(1)] PaasRole Role,
    [property: Id(2)] IReadOnlyList<string> Apps)
{
    /// <summary>The name of the bootstrap admin token in the audit trail.</summary>
    public const string AdminName = "admin";

    public static PaasPrincipal Admin { get; } = new(AdminName, PaasRole.Admin, []);

    public bool CoversEveryApp => Apps.Count == 0;

    public bool Covers(string app) => CoversEveryApp || Apps.Contains(app, StringComparer.Ordinal);
}
