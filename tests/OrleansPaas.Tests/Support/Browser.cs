using Microsoft.Playwright;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// Debian's <c>chromium</c> driven through Playwright for .NET (its bundled driver, no browser
/// download): headless, one fresh context per test so cookies never leak between tests.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    /// <summary>Where <c>.ci/run</c> installs it (the Debian package); overridable for other machines.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("PAAS_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"chromium is not at {ExecutablePath}: tests/run.sh installs Debian's 'chromium' package (or set PAAS_TEST_CHROMIUM)");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Running as root in a VM: chromium's own sandbox needs user namespaces it may not get.
            ChromiumSandbox = false,
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A page in a context of its own (its own cookies); closed with the browser.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync();
        // Generous: a rollback's form post answers once the release is deployed, which on a
        // loaded CI machine (other tests building and pushing) can take well over 15 s.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
