using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// Sleeping apps on a real node: an idle app stops (its container stays, stopped), the first requests
/// are held and answered once it is up again, an open request keeps it awake, and a wake that cannot
/// succeed ends the held requests with a 503 and the app reported crashed.
/// </summary>
public sealed class SleepingAppTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan WakeTimeout = TimeSpan.FromSeconds(15);
    private readonly PaasNode _node = new(settings: [$"--Paas:Sleep:WakeTimeout={WakeTimeout}"]);

    public Task InitializeAsync() => _node.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task IdleApp_Sleeps_TwentyConcurrentRequestsWakeIt_AllAreAnswered_OneInstanceStarted()
    {
        const string app = "sleepy";
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "hello from a sleepy app");
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);
        var awake = Assert.Single(await RunningAsync(app));

        var set = await new PaasCli(_node).OkAsync("ps:set", app, "sleep-after", "3s");
        Assert.Contains("Sleep after:", set);
        Assert.Contains("3s", set);

        await WaitUntilAsleepAsync(app);
        Assert.Contains("sleeping", await new PaasCli(_node).OkAsync("apps:list"));

        var answers = await GetAtOnceTimedAsync(host, 20);

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "hello from a sleepy app\n"), (a.Status, a.Body)));
        // Released together: all wait for the same wake. A request that waits for a second more was
        // left to the kernel's connect retry (the app's accept queue overflowed). The margin is the
        // scheduling noise of a busy 2-core machine, well under that second.
        var took = answers.Select(a => a.Took).Order().ToList();
        output.WriteLine($"held requests answered after {string.Join(", ", took.Select(t => $"{t.TotalMilliseconds:0}"))} ms");
        Assert.True(took[^1] - took[0] < TimeSpan.FromSeconds(0.5),
            $"held requests must be answered together: {string.Join(", ", took.Select(t => $"{t.TotalMilliseconds:0}"))} ms");
        var woken = Assert.Single(await RunningAsync(app));
        // Fast wake: the container that went to sleep was started again, not a new one created.
        Assert.Equal(awake.ID, woken.ID);

        var report = await Poll.UntilAsync(() => ReportAsync(app), r => r.GetProperty("sleep").GetProperty("lastWake").GetProperty("firstResponseMs").ValueKind == JsonValueKind.Number,
            TimeSpan.FromSeconds(15), "the gateway's figures of the wake");
        var sleep = report.GetProperty("sleep");
        Assert.Equal("running", report.GetProperty("status").GetString());
        Assert.Equal(1, sleep.GetProperty("wakes").GetInt32());
        var wake = sleep.GetProperty("lastWake");
        Assert.InRange(wake.GetProperty("heldRequests").GetInt32(), 1, 20);
        Assert.True(wake.GetProperty("startMs").GetDouble() > 0);
        output.WriteLine($"wake: instances up after {wake.GetProperty("startMs").GetDouble():0} ms, first response after {wake.GetProperty("firstResponseMs").GetDouble():0} ms");
        Assert.Equal(JsonValueKind.Null, wake.GetProperty("failure").ValueKind);
        Assert.Contains("Wake figures:", await new PaasCli(_node).OkAsync("ps:report", app));
    }

    [Fact]
    public async Task OpenRequest_KeepsTheAppAwakePastItsIdleTime_AfterwardsItSleeps()
    {
        const string app = "long-poll";
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateFilesAsync(
            ("Dockerfile", AppSource.StaticSiteDockerfile("RUN chmod +x /www/cgi-bin/poll")),
            ("www/index.html", "ready\n"),
            // A long poll: the answer comes after 10 s, more than three times the idle time.
            ("www/cgi-bin/poll", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\nsleep 10\necho 'news after a long wait'\n"));
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);
        await new PaasCli(_node).OkAsync("ps:set", app, "sleep-after", "3s");

        var started = Stopwatch.StartNew();
        using var gateway = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_node.GatewayPort}/cgi-bin/poll");
        request.Headers.Host = host;
        using var response = await gateway.SendAsync(request);

        Assert.Equal((HttpStatusCode.OK, "news after a long wait\n"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        Assert.True(started.Elapsed > TimeSpan.FromSeconds(9), $"the poll must have been held open ({started.Elapsed})");
        var report = await ReportAsync(app);
        Assert.Equal("awake", report.GetProperty("sleep").GetProperty("state").GetString());
        Assert.Equal(0, report.GetProperty("sleep").GetProperty("wakes").GetInt32());
        Assert.Single(await RunningAsync(app));

        await WaitUntilAsleepAsync(app);
    }

    [Fact]
    public async Task WakeThatCannotSucceed_HeldRequestsGet503WithinTheTimeout_TheAppIsReportedCrashed()
    {
        const string app = "once-only";
        var host = $"{app}.{PaasNode.Domain}";
        // Started again (the wake), it exits at once.
        using var source = await AppSource.CreateAsync(SiteThatOnRestart("echo 'this app cannot start twice' >&2; exit 3"), "first start only");
        await PushAndWaitUntilAsleepAsync(app, source);

        var started = Stopwatch.StartNew();
        var held = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _node.GetResponseAsync(host)));

        Assert.True(started.Elapsed < WakeTimeout + TimeSpan.FromSeconds(5), $"held requests must end within the wake timeout ({started.Elapsed})");
        Assert.All(held, response =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
        });
        var report = await ReportAsync(app);
        Assert.Equal("crashed", report.GetProperty("status").GetString());
        Assert.Contains("exited with code 3", report.GetProperty("sleep").GetProperty("lastWake").GetProperty("failure").GetString());
        var instance = Assert.Single(report.GetProperty("instances").EnumerateArray());
        Assert.Equal(3, instance.GetProperty("lastExitCode").GetInt32());
        Assert.Contains(instance.GetProperty("lastOutput").EnumerateArray(), line => line.GetString()!.Contains("cannot start twice"));
        Assert.Empty(await RunningAsync(app));
    }

    [Fact]
    public async Task SlowWake_HeldRequestsGet503WithRetryAfterAtTheTimeout_TheAppServesOnceItIsUp()
    {
        const string app = "slow-riser";
        var host = $"{app}.{PaasNode.Domain}";
        // Started again (the wake), it takes 25 s to answer: longer than the wake timeout.
        using var source = await AppSource.CreateAsync(SiteThatOnRestart("sleep 25"), "up at last");
        await PushAndWaitUntilAsleepAsync(app, source);

        var started = Stopwatch.StartNew();
        var held = await _node.GetAtOnceAsync(host, 3);

        Assert.InRange(started.Elapsed, WakeTimeout - TimeSpan.FromSeconds(1), WakeTimeout + TimeSpan.FromSeconds(5));
        Assert.All(held, answer => Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status));

        // The wake goes on: once the app answers, so does the gateway.
        await _node.WaitForContentAsync(host, "up at last");
        Assert.Equal(1, (await ReportAsync(app)).GetProperty("sleep").GetProperty("wakes").GetInt32());
    }

    [Fact]
    public async Task SleepPage_BrowserGetsAPageThatReloads_WhileTheAppWakes_ThenTheApp()
    {
        const string app = "paged";
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "the app itself");
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);
        var cli = new PaasCli(_node);
        await cli.OkAsync("ps:set", app, "sleep-page", "on");
        await cli.OkAsync("ps:set", app, "sleep-after", "3s");
        await WaitUntilAsleepAsync(app);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_node.GatewayPort}/");
        request.Headers.Host = host;
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        using var page = await _node.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.NotNull(page.Headers.RetryAfter);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("paged is waking up", html);
        Assert.Contains("http-equiv=\"refresh\"", html);
        // The page asked for the wake; the reload finds the app.
        await Poll.UntilAsync(async () => (await RunningAsync(app)).Count == 1, TimeSpan.FromSeconds(30), "the wake the page started");
        await _node.WaitForContentAsync(host, "the app itself");
    }

    [Fact]
    public async Task Logs_OfAnAppThatSleptAndWokeTwice_HaveEachRunsLine_EachOnce()
    {
        const string app = "wakelog";
        var host = $"{app}.{PaasNode.Domain}";
        // The same container is started again on every wake, and says so each time.
        using var source = await AppSource.CreateAsync(SiteThatOnRestart("echo woke-up-again"), "awake");
        await PushAndWaitUntilAsleepAsync(app, source);
        using var api = _node.Api();

        for (var wake = 1; wake <= 2; wake++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _node.GetAsync(host)).Status);
            var expected = wake;
            await Poll.UntilAsync(async () => Count(await api.GetStringAsync($"/api/apps/{app}/logs?lines=100"), "woke-up-again") == expected,
                TimeSpan.FromSeconds(30), $"wake {wake}'s line in the logs, once");
            await WaitUntilAsleepAsync(app);
        }

        Assert.Equal(2, Count(await api.GetStringAsync($"/api/apps/{app}/logs?lines=100"), "woke-up-again"));
    }

    private static int Count(string text, string word) => text.Split(word).Length - 1;

    [Fact]
    public async Task PsSet_InvalidValueOrKey_IsRefusedAndChangesNothing_UnknownAppIsNotFound()
    {
        const string app = "settings";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "settings");
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);
        var cli = new PaasCli(_node);

        Assert.Contains("not a duration", await cli.FailsAsync("ps:set", app, "sleep-after", "soon"));
        Assert.Contains("between 1s and 30d", await cli.FailsAsync("ps:set", app, "sleep-after", "0s"));
        Assert.Contains("unknown setting", await cli.FailsAsync("ps:set", app, "sleep-before", "3s"));
        Assert.Contains("does not exist", await cli.FailsAsync("ps:set", "no-such-app", "sleep-after", "3s"));
        var sleep = (await ReportAsync(app)).GetProperty("sleep");
        Assert.Equal("off", sleep.GetProperty("sleepAfter").GetString());
        Assert.Equal("default", sleep.GetProperty("sleepAfterSource").GetString());

        await cli.OkAsync("ps:set", app, "sleep-after", "2h");
        Assert.Equal("2h", (await ReportAsync(app)).GetProperty("sleep").GetProperty("sleepAfter").GetString());
        await cli.OkAsync("ps:set", app, "sleep-after");
        Assert.Equal("default", (await ReportAsync(app)).GetProperty("sleep").GetProperty("sleepAfterSource").GetString());
    }

    /// <summary>
    /// A static site whose container runs <paramref name="onRestart"/> when it is started again (a
    /// wake): the container's file system remembers the first start.
    /// </summary>
    private static string SiteThatOnRestart(string onRestart) => $"""
        FROM {PaasNode.BaseImage}
        COPY www /www
        CMD ["sh", "-c", "if [ -f /tmp/ran ]; then {onRestart}; fi; touch /tmp/ran; exec httpd -f -p $PORT -h /www"]
        """;

    private async Task PushAndWaitUntilAsleepAsync(string app, AppSource source)
    {
        Assert.Equal(0, (await source.PushAsync(_node.RemoteUrl(app))).ExitCode);
        await new PaasCli(_node).OkAsync("ps:set", app, "sleep-after", "3s");
        await WaitUntilAsleepAsync(app);
    }

    /// <summary><paramref name="count"/> GETs at once, each with the time it took.</summary>
    private async Task<(HttpStatusCode Status, string Body, TimeSpan Took)[]> GetAtOnceTimedAsync(string host, int count)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(1) };
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            var clock = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_node.GatewayPort}/");
            request.Headers.Host = host;
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, body, clock.Elapsed);
        }));
    }

    private async Task<JsonElement> ReportAsync(string app)
    {
        using var api = _node.Api();
        return await api.GetFromJsonAsync<JsonElement>($"/api/apps/{app}/ps");
    }

    /// <summary>Asleep: the report says so and no instance runs any more (they stop once the gateways hold requests).</summary>
    private Task WaitUntilAsleepAsync(string app) =>
        Poll.UntilAsync(async () => (State: (await ReportAsync(app)).GetProperty("sleep").GetProperty("state").GetString(), Running: (await RunningAsync(app)).Count),
            r => r is { State: "sleeping", Running: 0 }, TimeSpan.FromSeconds(30), $"{app} to be asleep");

    private async Task<IList<ContainerListResponse>> RunningAsync(string app) =>
        (await _node.ContainersAsync(app)).Where(c => c.State == "running" && c.Labels.ContainsKey("paas.index")).ToList();
}
