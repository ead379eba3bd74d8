namespace OrleansPaas.Access;

/// <summary>
/// What a credential may do, each role including the one below it: <see cref="Read"/> looks,
/// <see cref="Deploy"/> changes its apps, <see cref="Admin"/> does everything. Tokens and SSH keys
/// carry the same roles and are checked by the same rule (<see cref="AccessRule"/>).
/// </summary>
[GenerateSerializer, Alias("paas.PaasRole")]
public enum PaasRole
{
    Read = 1,
    Deploy = 2,
    Admin = 3,
}
