namespace OrleansPaas.Apps;

/// <summary>
/// What a release takes from its <c>app.json</c> besides health checks: the deploy scripts
/// (<c>scripts.dokku.predeploy</c> / <c>postdeploy</c>, Heroku's <c>scripts.postdeploy</c>), the
/// initial <c>formation</c> (applied on the app's first deploy only) and the <c>cron</c> jobs.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.AppJsonSettings")]
public sealed record AppJsonSettings(
    [property: Id(0)] string? Predeploy,
    [property: Id(1)] string? Postdeploy,
    [property: Id(2)] IReadOnlyDictionary<string, int> Formation,
    [property: Id(3)] IReadOnlyList<CronJob> Cron)
{
    public static AppJsonSettings None { get; } = new(null, null, new Dictionary<string, int>(), []);
}
