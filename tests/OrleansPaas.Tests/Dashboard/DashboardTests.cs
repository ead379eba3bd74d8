using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using OrleansPaas.Tests.EndToEnd;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium through Playwright) against a real node:
/// log in, see a pushed app update live, roll back with a click, watch a log line arrive, and
/// see hostile config shown as text.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class DashboardTests(NodeFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(60);

    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Dashboard_PushedApp_AppearsLive_RollsBackWithAClick_StreamsLogs_AndShowsHostileConfigAsText()
    {
        var app = NodeFixture.NewAppName("dash");
        var host = $"{app}.{PaasNode.Domain}";
        const string hostile = "<script>alert(1)</script>";
        using var api = Node.Api();
        (await api.PostAsJsonAsync("/api/apps", new { name = app })).EnsureSuccessStatusCode();
        (await api.PatchAsJsonAsync($"/api/apps/{app}/config", new { set = new Dictionary<string, string> { ["GREETING"] = hostile } })).EnsureSuccessStatusCode();
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "first site");
        await AddLogScriptAsync(source);
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.AcceptAsync();
        };

        var login = await DashboardPage.LogInAsync(page, Node, Node.Token);
        Assert.Equal(HttpStatusCode.Redirect, (HttpStatusCode)login!.Status);
        var row = $"tr[data-app='{app}']";
        await DashboardPage.WaitForTextAsync(page, $"{row} .status", s => s == "running", Live, "the pushed app on the apps page");
        var firstRelease = await DashboardPage.WaitForTextAsync(page, $"{row} .release", s => s.StartsWith('v'), Live, "its release");
        output.WriteLine($"first paint of the apps page: {await FirstPaintMsAsync(page):0} ms");

        // A second deploy shows up on the open page by itself.
        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "second site", "second");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        var deployed = Stopwatch.StartNew();
        var secondRelease = await DashboardPage.WaitForTextAsync(page, $"{row} .release", s => s != firstRelease && s.StartsWith('v'), Live, "the new release, live");
        output.WriteLine($"deploy to open page: {deployed.ElapsedMilliseconds} ms ({firstRelease} -> {secondRelease})");
        // The README promises about a second; 5 s leaves room for a loaded machine, and a page that
        // only refreshed on a slow timer (or not at all) still fails.
        Assert.True(deployed.Elapsed < TimeSpan.FromSeconds(5), $"the new release reached the open page {deployed.ElapsedMilliseconds} ms after the push ended");

        // The app page: roll back to the first deploy with a click, confirmed in a dialog.
        await page.ClickAsync($"{row} a[href='/apps/{app}']");
        await DashboardPage.WaitForTextAsync(page, "#app-release", s => s == secondRelease, Live, "the app page's release");
        await page.ClickAsync($"form[action='/apps/{app}/rollback'] button:has-text('Roll back to {firstRelease}')");
        var rolledBack = await DashboardPage.WaitForTextAsync(page, "#app-release", s => s != secondRelease && s.StartsWith('v'), Live, "the rollback's release");
        Assert.Contains(dialogs, d => d.StartsWith("confirm:", StringComparison.Ordinal) && d.Contains($"back to {firstRelease}", StringComparison.Ordinal));
        await Node.WaitForContentAsync(host, "first site");
        Assert.Contains($"Rollback to {firstRelease}", await page.TextContentAsync($"tr[data-version='{rolledBack.TrimStart('v')}']") ?? "");

        // A line the app writes now appears in the open page's logs.
        var marker = "marker-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.OK, (await Node.GetAsync(host, $"/cgi-bin/log?{marker}")).Status);
        await DashboardPage.WaitForTextAsync(page, "#log", s => s.Contains(marker, StringComparison.Ordinal), Live, "the app's new log line, live");

        // Config is masked until revealed, then shown as text: the script never runs.
        var secret = page.Locator("table.config code.secret").First;
        Assert.False(await secret.IsVisibleAsync());
        await page.ClickAsync("table.config button.reveal");
        Assert.Equal(hostile, await secret.TextContentAsync());
        Assert.True(await secret.IsVisibleAsync());
        Assert.DoesNotContain(dialogs, d => d.StartsWith("alert:", StringComparison.Ordinal));

        // The first push's build page: its whole output, as builds:output has it.
        await page.GotoAsync($"{Node.ControlUrl}/apps/{app}/builds/1");
        var buildOutput = await page.TextContentAsync("pre.build-output") ?? "";
        Assert.Contains($"-----> Building {app} from Dockerfile", buildOutput);
        Assert.Contains($"=====> Application deployed: http://{host}", buildOutput);
    }

    [Fact]
    public async Task Dashboard_WrongToken_IsRefusedAndShowsNothing_AndTheSessionIsNoApiToken()
    {
        var app = NodeFixture.NewAppName("hidden");
        using var api = Node.Api();
        (await api.PostAsJsonAsync("/api/apps", new { name = app })).EnsureSuccessStatusCode();

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        var refused = await DashboardPage.LogInAsync(page, Node, "not-the-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (HttpStatusCode)refused!.Status);
        Assert.Contains("refused", await page.TextContentAsync("[role=alert]") ?? "");
        Assert.DoesNotContain(app, await page.ContentAsync());

        // Without a session every page sends the browser back to the form and a feed says 401.
        await page.GotoAsync($"{Node.ControlUrl}/apps/{app}");
        Assert.Contains("/login", page.Url);
        Assert.DoesNotContain(app, await page.TextContentAsync("body") ?? "");
        var feed = await page.APIRequest.GetAsync($"{Node.ControlUrl}/dashboard/feed/apps");
        Assert.Equal(401, feed.Status);

        // The right token gets in; the session cookie is HttpOnly and SameSite=Strict, and the API still wants Bearer.
        await DashboardPage.LogInAsync(page, Node, Node.Token);
        await DashboardPage.WaitForTextAsync(page, $"tr[data-app='{app}'] td", s => s.Contains(app, StringComparison.Ordinal), Live, "the app list after logging in");
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "paas_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        var withCookieOnly = await page.APIRequest.GetAsync($"{Node.ControlUrl}/api/apps");
        Assert.Equal(401, withCookieOnly.Status);

        // A change without the page's antiforgery token is refused and changes nothing.
        var forged = await page.APIRequest.PostAsync($"{Node.ControlUrl}/apps/{app}/scale",
            new APIRequestContextOptions { Form = page.APIRequest.CreateFormData().Append("web", "3") });
        Assert.Equal(400, forged.Status);
        var info = await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/apps/{app}");
        Assert.Equal(1, info.GetProperty("formation").GetProperty("web").GetInt32());

        // Logging out ends the session.
        await page.GotoAsync($"{Node.ControlUrl}/");
        // The logout's own navigation ends before the next one begins (a second navigation started
        // while the first is under way can wait for a load that never comes).
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("header form button"),
            response => response.Url.Contains("/logout") && response.Request.Method == "POST");
        // Waited for by where it leads (a load-state wait here hung now and then once the load had happened).
        await page.WaitForURLAsync(url => url.Contains("/login", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync($"{Node.ControlUrl}/");
        Assert.Contains("/login", page.Url);
    }

    /// <summary>/cgi-bin/log?WORD writes WORD to the app's own output (its PID 1), so the test decides when a log line appears.</summary>
    private static async Task AddLogScriptAsync(AppSource source)
    {
        await source.CommitFilesAsync("log on demand", ("www/cgi-bin/log", "#!/bin/sh\necho \"$QUERY_STRING\" > /proc/1/fd/1\necho 'Content-Type: text/plain'\necho\necho logged\n"));
        File.SetUnixFileMode(Path.Combine(source.Path, "www/cgi-bin/log"), (UnixFileMode)Convert.ToInt32("755", 8));
        await source.GitAsync("add", "-A");
        await source.GitAsync("commit", "-q", "-m", "executable log script");
    }

    private static async Task<double> FirstPaintMsAsync(IPage page) =>
        await page.EvaluateAsync<double>("() => (performance.getEntriesByName('first-contentful-paint')[0] || { startTime: -1 }).startTime");
}
