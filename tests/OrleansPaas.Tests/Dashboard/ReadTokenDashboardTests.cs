using System.Net;
using System.Net.Http.Json;
using OrleansPaas.Tests.EndToEnd;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Dashboard;

/// <summary>
/// The dashboard signed in with a read token, in a real browser: the app page shows no rollback or
/// scale buttons (the admin's does), and their posts, sent by hand, are refused and change nothing.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ReadTokenDashboardTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task ReadToken_AppPage_HasNoRollbackOrScaleButtons_AndTheirPostsAreRefused()
    {
        var app = NodeFixture.NewAppName("ro-dash");
        using var api = Node.Api();
        (await api.PostAsJsonAsync("/api/apps", new { name = app })).EnsureSuccessStatusCode();
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "first");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "second", "second");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        var viewer = "viewer-" + Guid.NewGuid().ToString("N")[..6];
        var token = await NamedTokens.CreateAsync(Node, viewer, "read");

        // The admin's page has both (so their absence below is the role's doing).
        using (var adminHttp = LoopbackSource.Client(LoopbackSource.NewAddress(), new CookieContainer()))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await new DashboardLogin(Node, adminHttp).PostAsync(Node.Token)).StatusCode);
            var adminPage = await adminHttp.GetStringAsync($"{Node.ControlUrl}/apps/{app}");
            Assert.Contains($"action=\"/apps/{app}/rollback\"", adminPage);
            Assert.Contains($"action=\"/apps/{app}/scale\"", adminPage);
        }

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        var login = await DashboardPage.LogInAsync(page, Node, token, $"/apps/{app}");
        Assert.Equal(HttpStatusCode.Redirect, (HttpStatusCode)login!.Status);
        await page.WaitForSelectorAsync("#app-release");
        Assert.Equal(0, await page.Locator($"form[action='/apps/{app}/rollback']").CountAsync());
        Assert.Equal(0, await page.Locator($"form[action='/apps/{app}/scale']").CountAsync());
        Assert.Equal(0, await page.Locator("button:has-text('Roll back')").CountAsync());

        // The posts themselves, with a valid session and antiforgery token: refused, nothing changed.
        using var http = LoopbackSource.Client(LoopbackSource.NewAddress(), new CookieContainer());
        var session = new DashboardLogin(Node, http);
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostAsync(token)).StatusCode);
        var antiforgery = await session.PageAntiforgeryTokenAsync($"/apps/{app}");
        var before = await api.GetStringAsync($"/api/apps/{app}");
        using var rollback = await http.PostAsync($"{Node.ControlUrl}/apps/{app}/rollback", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__antiforgery"] = antiforgery,
            ["version"] = "1",
        }));
        using var scale = await http.PostAsync($"{Node.ControlUrl}/apps/{app}/scale", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__antiforgery"] = antiforgery,
            ["web"] = "3",
        }));

        Assert.Equal(HttpStatusCode.Forbidden, rollback.StatusCode);
        Assert.Contains("has the role read; this needs deploy", await rollback.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, scale.StatusCode);
        Assert.Equal(Release(before), Release(await api.GetStringAsync($"/api/apps/{app}")));
        Assert.DoesNotContain("\"web\":3", await api.GetStringAsync($"/api/apps/{app}/ps"));
        var events = await NamedTokens.WaitForEventAsync(Node, app, e => e.Action == "dashboard:scale" && e.Actor == viewer && e.Outcome == "refused (403)", "the refused scale");
        Assert.Contains(events, e => e.Action == "dashboard:rollback" && e.Actor == viewer && e.Outcome == "refused (403)");
    }

    private static string Release(string appJson) =>
        System.Text.Json.JsonDocument.Parse(appJson).RootElement.GetProperty("release").ToString();
}
