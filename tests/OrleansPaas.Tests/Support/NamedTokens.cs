using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansPaas.Tests.Support;

/// <summary>Named tokens and the audit trail through a node's API, as the CLI uses them.</summary>
public static class NamedTokens
{
    /// <summary>Makes a token with the admin token and returns it (shown only in this answer).</summary>
    public static async Task<string> CreateAsync(PaasNode node, string name, string role, string[]? apps = null, string? expiresIn = null)
    {
        using var api = node.Api();
        using var response = await api.PostAsJsonAsync("/api/tokens", new { name, role, apps = apps ?? [], expiresIn });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>A client for the node's API with <paramref name="token"/> as Bearer.</summary>
    public static HttpClient Client(PaasNode node, string token)
    {
        var http = new HttpClient { BaseAddress = new Uri(node.ControlUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public sealed record Event(long Sequence, string Actor, string Source, string Action, string? App, string Outcome, string? Detail);

    /// <summary>The audit trail of <paramref name="app"/> as the admin reads it, oldest first.</summary>
    public static async Task<IReadOnlyList<Event>> EventsAsync(PaasNode node, string app)
    {
        using var api = node.Api();
        var events = await api.GetFromJsonAsync<List<Event>>($"/api/events?app={app}&limit=1000", new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return events!;
    }

    /// <summary>Polls the trail until an entry matches (it is written as the request ends, so a moment after the answer).</summary>
    public static Task<IReadOnlyList<Event>> WaitForEventAsync(PaasNode node, string app, Func<Event, bool> match, string what) =>
        Poll.UntilAsync(() => EventsAsync(node, app), events => events.Any(match), TimeSpan.FromSeconds(10), what);
}
