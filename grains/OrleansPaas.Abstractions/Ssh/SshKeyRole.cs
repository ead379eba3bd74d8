namespace OrleansPaas.Ssh;

/// <summary>
/// The role an SSH key carries, the same names as tokens (issue 23): <c>admin</c>, <c>deploy</c>, <c>read</c>.
/// Stored with every key so that roles can be enforced on SSH; today every key acts as admin.
/// </summary>
public static class SshKeyRole
{
    public const string Admin = "admin";
    public const string Deploy = "deploy";
    public const string Read = "read";

    public static readonly IReadOnlyList<string> All = [Admin, Deploy, Read];

    /// <summary>Null (or empty) means <see cref="Admin"/>; anything else must be one of <see cref="All"/>.</summary>
    public static bool TryParse(string? candidate, out string role)
    {
        role = string.IsNullOrWhiteSpace(candidate) ? Admin : candidate.Trim().ToLowerInvariant();
        return All.Contains(role);
    }
}
