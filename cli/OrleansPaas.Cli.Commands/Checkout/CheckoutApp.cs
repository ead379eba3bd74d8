namespace OrleansPaas.Cli.Checkout;

/// <summary>
/// The app a checkout deploys to, as the heroku and dokku clients find it: from the git remotes that
/// point at the platform in use. One app among them is the answer; several are ambiguous unless one
/// remote is named <c>paas</c> (the README's name), which then wins.
/// </summary>
internal static class CheckoutApp
{
    public const string PreferredRemote = "paas";

    /// <summary>The app, or null when no remote points at the platform.</summary>
    public static string? Find(IReadOnlyList<GitRemote> remotes, string platformUrl)
    {
        var matches = remotes
            .Select(r => (Remote: r, App: PlatformRemote.AppName(r.Url, platformUrl)))
            .Where(m => m.App is not null)
            .ToList();
        var apps = matches.Select(m => m.App!).Distinct(StringComparer.Ordinal).ToList();
        if (apps.Count <= 1)
        {
            return apps.FirstOrDefault();
        }

        if (matches.FirstOrDefault(m => m.Remote.Name == PreferredRemote) is { App: { } preferred })
        {
            return preferred;
        }

        var listed = string.Join(", ", matches.Select(m => $"{m.App} (remote '{m.Remote.Name}')"));
        throw new CliException($"this checkout's git remotes point at several apps on {platformUrl}: {listed}; name the app, or use --app NAME");
    }
}
