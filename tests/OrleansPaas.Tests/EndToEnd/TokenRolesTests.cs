using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// Named tokens on every door of a real node: a deploy token changes its own app only, a read token
/// changes nothing, revoked and expired tokens are refused with a sentence, and each attempt is in
/// the audit trail (with config names, never values).
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class TokenRolesTests(NodeFixture fixture, ITestOutputHelper output)
{
    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task DeployToken_OfOneApp_PushingToAnother_Destroying_CreatingTokens_IsRefused_AndEachIsInTheTrail()
    {
        var own = NodeFixture.NewAppName("own");
        var other = NodeFixture.NewAppName("other");
        using var admin = Node.Api();
        (await admin.PostAsJsonAsync("/api/apps", new { name = own })).EnsureSuccessStatusCode();
        var name = "ci-" + Guid.NewGuid().ToString("N")[..6];
        var token = await NamedTokens.CreateAsync(Node, name, "deploy", [own]);
        using var ci = NamedTokens.Client(Node, token);

        // Its own app: config changes (names in the trail, never the value).
        using (var set = await ci.PatchAsJsonAsync($"/api/apps/{own}/config", new { set = new Dictionary<string, string> { ["DB_PASSWORD"] = "hunter2-secret" }, restart = false }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        // Another app: neither created through the API nor by a push.
        using (var create = await ci.PostAsJsonAsync("/api/apps", new { name = other }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
            Assert.Contains($"'{other}' is not one of them", await create.Content.ReadAsStringAsync());
        }

        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "not yours");
        var push = await source.PushAsync(Node.RemoteUrl(other, token));
        Assert.NotEqual(0, push.ExitCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/apps/{other}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(Node.DataDir, "repos", other + ".git")), "a refused push must not create a repository");

        // Destroying (admin only), even its own app; and making tokens.
        using (var destroy = await ci.DeleteAsync($"/api/apps/{own}?confirm={own}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, destroy.StatusCode);
            Assert.Contains("this needs admin", await destroy.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/apps/{own}")).StatusCode);
        using (var mint = await ci.PostAsJsonAsync("/api/tokens", new { name = name + "-2", role = "admin" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        }

        Assert.DoesNotContain(name + "-2", await admin.GetStringAsync("/api/tokens"));

        // The trail: each attempt, with who and how it ended.
        await NamedTokens.WaitForEventAsync(Node, own, e => e.Action == "UpdateConfig" && e.Actor == name && e.Outcome.StartsWith("ok"), "the config change");
        await NamedTokens.WaitForEventAsync(Node, other, e => e.Action == "CreateApp" && e.Actor == name && e.Outcome == "refused (403)", "the refused create");
        await NamedTokens.WaitForEventAsync(Node, other, e => e.Actor == name && e.Outcome == "refused (403)" && e.Action == "git:advertise", "the refused push");
        var ownEvents = await NamedTokens.WaitForEventAsync(Node, own, e => e.Action == "DestroyApp" && e.Actor == name && e.Outcome == "refused (403)", "the refused destroy");
        Assert.Contains(ownEvents, e => e.Action == "UpdateConfig" && e.Detail == "set DB_PASSWORD");
        using var everything = await admin.GetAsync("/api/events?limit=10000");
        var all = await everything.Content.ReadAsStringAsync();
        Assert.Contains($"\"actor\":\"{name}\",\"source\":\"127.0.0.1\",\"action\":\"CreateToken\"", all);
        Assert.DoesNotContain("hunter2-secret", all);
    }

    [Fact]
    public async Task ReadToken_ChangingConfig_IsRefused_NothingChanges_ButItMayLook()
    {
        var app = NodeFixture.NewAppName("ro");
        using var admin = Node.Api();
        (await admin.PostAsJsonAsync("/api/apps", new { name = app })).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"/api/apps/{app}/config", new { set = new Dictionary<string, string> { ["MODE"] = "before" }, restart = false })).EnsureSuccessStatusCode();
        var name = "viewer-" + Guid.NewGuid().ToString("N")[..6];
        using var viewer = NamedTokens.Client(Node, await NamedTokens.CreateAsync(Node, name, "read"));

        using var change = await viewer.PatchAsJsonAsync($"/api/apps/{app}/config", new { set = new Dictionary<string, string> { ["MODE"] = "after" }, restart = false });

        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Contains($"'{name}' has the role read; this needs deploy", await change.Content.ReadAsStringAsync());
        Assert.Contains("\"MODE\":\"before\"", await admin.GetStringAsync($"/api/apps/{app}/config"));
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/apps/{app}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/metrics")).StatusCode);
        // Config values are secrets: reading them takes deploy.
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/apps/{app}/config")).StatusCode);
        // Looking at credentials or the platform's backup (every secret) takes admin, though both are GETs.
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/ssh-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/platform/backup")).StatusCode);
        await NamedTokens.WaitForEventAsync(Node, app, e => e.Action == "UpdateConfig" && e.Actor == name && e.Outcome == "refused (403)"
            && e.Detail!.Contains("needs deploy"), "the refused config change");
    }

    [Fact]
    public async Task RevokedExpiredAndUnknownTokens_AreRefusedWithASentence_AndInTheTrail()
    {
        var app = NodeFixture.NewAppName("gone");
        var name = "gone-" + Guid.NewGuid().ToString("N")[..6];
        var token = await NamedTokens.CreateAsync(Node, name, "deploy");
        using var admin = Node.Api();
        // From an address of its own: these refusals count against it, not against the shared 127.0.0.1.
        using var http = LoopbackSource.Client(LoopbackSource.NewAddress());
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync($"{Node.ControlUrl}/api/apps", new { name = app })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tokens/{name}")).StatusCode);
        using var afterRevoke = await http.PostAsJsonAsync($"{Node.ControlUrl}/api/apps/{app}/ps/restart", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Contains($"the token '{name}' was revoked", await afterRevoke.Content.ReadAsStringAsync());
        Assert.DoesNotContain(name, await admin.GetStringAsync("/api/tokens"));

        var shortLived = await NamedTokens.CreateAsync(Node, name + "-x", "read", expiresIn: "1m");
        Assert.Contains("\"expiresAt\"", await admin.GetStringAsync("/api/tokens"));
        using var unknown = LoopbackSource.Client(LoopbackSource.NewAddress());
        unknown.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "paas_" + new string('0', 64));
        using var refused = await unknown.GetAsync($"{Node.ControlUrl}/api/apps/{app}");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("not the admin token or a token made by tokens:create", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await NamedTokens.Client(Node, shortLived).GetAsync($"/api/apps/{app}")).StatusCode);

        using var bad = await admin.PostAsJsonAsync("/api/tokens", new { name = "bad-lifetime", role = "read", expiresIn = "forever" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("is not a lifetime", await bad.Content.ReadAsStringAsync());

        var events = await NamedTokens.WaitForEventAsync(Node, app, e => e.Actor == name && e.Outcome == "refused (401)", "the revoked token's attempt");
        Assert.Contains(events, e => e.Actor == "-" && e.Outcome == "refused (401)" && e.Detail!.Contains("not the admin token"));
    }

    [Fact]
    public async Task DeployToken_PushToItsOwnApp_WhoseBuildFails_IsInTheTrailAsFailed_NotAsTheHttpStatus()
    {
        var app = NodeFixture.NewAppName("failpush");
        var name = "ci-" + Guid.NewGuid().ToString("N")[..6];
        var token = await NamedTokens.CreateAsync(Node, name, "deploy", [app]);
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile("RUN false"), "never built");

        var push = await source.PushAsync(Node.RemoteUrl(app, token));

        Assert.NotEqual(0, push.ExitCode);
        await NamedTokens.WaitForEventAsync(Node, app, e => e.Action == "push" && e.Actor == name && e.Outcome.StartsWith("failed (the build or deploy failed", StringComparison.Ordinal),
            "the failed push, recorded as failed");
    }

    /// <summary>
    /// The figure for the closing note: what recording a change costs a command, as the difference
    /// between a change the trail records and a read that it does not, both answered 404 by one grain call.
    /// </summary>
    [Fact]
    public async Task AuditWrite_CostPerCommand()
    {
        using var admin = Node.Api();
        const int Rounds = 40;
        var missing = NodeFixture.NewAppName("nothing");

        async Task<double> MedianMsAsync(Func<Task<HttpResponseMessage>> call)
        {
            var times = new List<double>();
            for (var i = 0; i < Rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await call();
                times.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }

            return times.Order().ElementAt(Rounds / 2);
        }

        var read = await MedianMsAsync(() => admin.GetAsync($"/api/apps/{missing}/releases"));
        var recorded = await MedianMsAsync(() => admin.PostAsJsonAsync($"/api/apps/{missing}/releases/rollback", new { }));
        output.WriteLine($"unrecorded 404 read: {read:0.00} ms, recorded 404 change: {recorded:0.00} ms, audit write ≈ {recorded - read:0.00} ms per command (median of {Rounds})");
        await NamedTokens.WaitForEventAsync(Node, missing, e => e.Action == "Rollback" && e.Outcome == "failed (404)", "the recorded change");
    }
}
