namespace OrleansPaas.Cli.Checkout;

/// <summary>What the current directory says about the app: the platform in use and the app its remotes name there (or null).</summary>
internal sealed record CheckoutLookup(string PlatformUrl, string? App);
