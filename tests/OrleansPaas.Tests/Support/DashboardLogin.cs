using System.Net;
using System.Text.RegularExpressions;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// The dashboard's login form spoken over plain HTTP (no browser): fetch the form for its
/// antiforgery token and cookie, then post it, as a browser would.
/// </summary>
public sealed partial class DashboardLogin(PaasNode node, HttpClient http)
{
    public async Task<string> AntiforgeryTokenAsync(string? returnUrl = null)
    {
        var url = $"{node.ControlUrl}/login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl));
        using var form = await http.GetAsync(url);
        form.EnsureSuccessStatusCode();
        var match = AntiforgeryField().Match(await form.Content.ReadAsStringAsync());
        Assert.True(match.Success, "the login form carries no antiforgery field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts the form (with a fresh antiforgery token) and returns the answer; redirects are not followed.</summary>
    public async Task<HttpResponseMessage> PostAsync(string token, string returnUrl = "/")
    {
        var antiforgery = await AntiforgeryTokenAsync();
        return await http.PostAsync($"{node.ControlUrl}/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__antiforgery"] = antiforgery,
            ["returnUrl"] = returnUrl,
            ["token"] = token,
        }));
    }

    /// <summary>The antiforgery token of a dashboard page (the logout form's), for the session <paramref name="http"/> holds.</summary>
    public async Task<string> PageAntiforgeryTokenAsync(string path = "/")
    {
        using var page = await http.GetAsync(node.ControlUrl + path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var match = AntiforgeryField().Match(await page.Content.ReadAsStringAsync());
        Assert.True(match.Success, $"the page {path} carries no antiforgery field");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Logs the session out with the page's logout form.</summary>
    public async Task<HttpResponseMessage> LogOutAsync()
    {
        var antiforgery = await PageAntiforgeryTokenAsync();
        return await http.PostAsync($"{node.ControlUrl}/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__antiforgery"] = antiforgery }));
    }

    [GeneratedRegex("name=\"__antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
