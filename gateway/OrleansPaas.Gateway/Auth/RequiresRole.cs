using OrleansPaas.Access;

namespace OrleansPaas.Gateway.Auth;

/// <summary>
/// Endpoint metadata: the role a route needs (on the app of its <c>{app}</c> route value). Without
/// it, looking (GET) needs read and anything else deploy; <see cref="EveryApp"/> refuses a credential
/// limited to some apps (the metrics show all of them).
/// </summary>
public sealed record RequiresRole(PaasRole Role, bool EveryApp = false)
{
    public static RequiresRole Admin { get; } = new(PaasRole.Admin);
}
