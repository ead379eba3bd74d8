using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary><c>logs</c> keeps earlier instances' and releases' lines, and <c>-t</c> follows across a deploy.</summary>
[Collection(NodeCollection.Name)]
public sealed class KeptLogsTests(NodeFixture fixture)
{
    // Each release says which site it serves when it boots.
    private static readonly string Dockerfile = $"""
        FROM {PaasNode.BaseImage}
        COPY www /www
        CMD ["sh", "-c", "echo booted-$(cat /www/index.html); exec httpd -f -p $PORT -h /www"]
        """;

    private PaasNode Node => fixture.Node;

    [Fact]
    public async Task Logs_ShowAReleasesLinesAfterItsContainerIsGone_AndAFollowGoesOnAcrossTheDeploy()
    {
        var app = NodeFixture.NewAppName("kept");
        using var source = await AppSource.CreateAsync(Dockerfile, "first");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        using var api = Node.Api();
        await Poll.UntilAsync(async () => (await api.GetStringAsync($"/api/apps/{app}/logs?lines=20")).Contains("booted-first"),
            TimeSpan.FromSeconds(30), "the first release's boot line");

        // A follow opened before the deploy.
        using var follower = Node.Api();
        follower.Timeout = Timeout.InfiniteTimeSpan;
        using var response = await follower.GetAsync($"/api/apps/{app}/logs?follow=true&lines=5", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var followed = new StringBuilder();
        using var stopFollowing = new CancellationTokenSource();
        var reading = Task.Run(async () =>
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            while (await reader.ReadLineAsync(stopFollowing.Token) is { } line)
            {
                lock (followed)
                {
                    followed.AppendLine(line);
                }
            }
        });

        await source.CommitAsync(Dockerfile, "second", "second");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        await Poll.UntilAsync(async () => (await Node.ContainersAsync(app)).All(c => !c.Labels["paas.release"].Equals("v1", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the first release's container to be removed");

        var logs = await Poll.UntilAsync(() => api.GetStringAsync($"/api/apps/{app}/logs?lines=50"), l => l.Contains("booted-second"),
            TimeSpan.FromSeconds(30), "the second release's boot line");
        var first = Regex.Match(logs, @"web\.1 v(\d+) \| booted-first");
        var second = Regex.Match(logs, @"web\.1 v(\d+) \| booted-second");
        Assert.True(first.Success && second.Success, logs);
        Assert.True(int.Parse(second.Groups[1].Value) > int.Parse(first.Groups[1].Value), logs);
        Assert.True(first.Index < second.Index, "lines are in time order: " + logs);

        await Poll.UntilAsync(() =>
        {
            lock (followed)
            {
                return Task.FromResult(followed.ToString().Contains("booted-second", StringComparison.Ordinal));
            }
        }, TimeSpan.FromSeconds(30), "the follow opened before the deploy to show the new release's line");
        // Ending the follow: the response's stream closes, and the reader ends with it.
        await stopFollowing.CancelAsync();
        response.Dispose();
        try
        {
            await reading.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException or HttpRequestException)
        {
        }
    }
}
