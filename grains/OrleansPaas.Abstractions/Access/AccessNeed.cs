namespace OrleansPaas.Access;

/// <summary>
/// What a request needs: at least <paramref name="Role"/>; on <paramref name="App"/> when it concerns
/// one app; <paramref name="EveryApp"/> when it shows or changes all apps at once (the metrics, the
/// nodes' output), which a credential limited to some apps may not.
/// </summary>
public sealed record AccessNeed(PaasRole Role, string? App = null, bool EveryApp = false)
{
    public static AccessNeed Read(string? app = null) => new(PaasRole.Read, app);

    public static AccessNeed Deploy(string? app = null) => new(PaasRole.Deploy, app);

    public static AccessNeed Admin { get; } = new(PaasRole.Admin);
}
