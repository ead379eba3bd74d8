using Microsoft.Playwright;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Dashboard;

/// <summary>Steps the dashboard tests share: logging in through the form, reading what a page shows.</summary>
internal static class DashboardPage
{
    public static async Task<IResponse?> LogInAsync(IPage page, PaasNode node, string token, string path = "/")
    {
        // Any page sends a browser without a session to the login form, which brings it back.
        await page.GotoAsync(node.ControlUrl + path);
        Assert.Contains("/login", page.Url);
        await page.FillAsync("#token", token);
        var answer = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[type=submit]"),
            response => response.Url.Contains("/login") && response.Request.Method == "POST");
        // Then the page the answer leads to, by what it shows (a selector or URL wait outlives the
        // navigation; waiting for a load state here hung now and then once the load had happened).
        if (answer.Status == (int)System.Net.HttpStatusCode.Redirect)
        {
            await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        }
        else
        {
            await page.WaitForSelectorAsync("[role=alert]");
        }

        return answer;
    }

    /// <summary>Waits (polling the live page, never reloading it) until <paramref name="selector"/>'s text satisfies <paramref name="done"/>.</summary>
    public static async Task<string> WaitForTextAsync(IPage page, string selector, Func<string, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            var element = await page.QuerySelectorAsync(selector);
            last = element is null ? "" : (await element.TextContentAsync() ?? "").Trim();
            if (done(last))
            {
                return last;
            }

            await page.WaitForTimeoutAsync(100);
        }

        throw new TimeoutException($"{what}: '{selector}' still reads '{last}' after {timeout.TotalSeconds:0} s");
    }
}
