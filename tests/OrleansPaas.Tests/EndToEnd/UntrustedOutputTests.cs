using System.Net;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// What clients say about themselves and what apps print are not trusted: a client's own
/// Forwarded and X-Real-IP never reach the app, and an app's escape sequences never reach a
/// terminal raw (neither the pusher's <c>remote:</c> lines nor <c>paas logs</c>).
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class UntrustedOutputTests(NodeFixture fixture)
{
    // Raw control characters in the Dockerfile itself: the builder echoes each instruction into the
    // build output (and a LABEL needs no container, so no network, to be built).
    private const char Escape = '\u001b';
    private const char Bell = '\u0007';

    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Gateway_ClientsOwnForwardedAndRealIp_DoNotReachTheApp()
    {
        var app = NodeFixture.NewAppName("spoof");
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "headers");
        var push = await source.PushAsync(Node.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{Node.GatewayPort}/cgi-bin/env");
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("Forwarded", "for=1.2.3.4;proto=https");
        request.Headers.TryAddWithoutValidation("X-Real-IP", "1.2.3.4");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "1.2.3.4");
        using var response = await Node.Gateway.SendAsync(request);
        var env = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("1.2.3.4", env);
        Assert.Contains("HTTP_X_REAL_IP=127.0.0.1", env);
        Assert.Contains($"HTTP_FORWARDED=for=127.0.0.1;host={host};proto=http", env);
    }

    [Fact]
    public async Task EscapeSequences_InBuildAndAppOutput_ReachThePusherAndLogsNeutralised()
    {
        var app = NodeFixture.NewAppName("ansi");
        var dockerfile = $$"""
            FROM {{PaasNode.BaseImage}}
            COPY www /www
            LABEL paas.test.ansi="build {{Escape}}[31mred{{Escape}}]0;title{{Bell}}"
            CMD ["sh", "-c", "printf 'run \\033[2Jcleared\\n'; exec httpd -f -p $PORT -h /www"]
            """;
        using var source = await AppSource.CreateAsync(dockerfile, "ansi");

        var push = await source.PushAsync(Node.RemoteUrl(app));

        Assert.True(push.ExitCode == 0, push.Output);
        Assert.Contains("build ^[[31mred^[]0;title^G", push.Output);
        Assert.DoesNotContain('\u001b', push.Output);
        Assert.DoesNotContain('\u0007', push.Output);

        using var api = Node.Api();
        var logs = await Poll.UntilAsync(() => api.GetStringAsync($"/api/apps/{app}/logs?lines=100"), text => text.Contains("cleared"),
            TimeSpan.FromSeconds(30), "the app's first line in its logs");
        Assert.Contains("run ^[[2Jcleared", logs);
        Assert.DoesNotContain('\u001b', logs);
    }
}
