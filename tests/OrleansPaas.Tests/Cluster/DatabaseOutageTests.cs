using System.Diagnostics;
using System.Net;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// A two-node cluster whose PostgreSQL (its own private server here, so no other test shares the
/// outage) stops for 30 s: apps already running keep serving through both gateways; a command
/// during the outage fails with one sentence or completes after it, never half; afterwards what
/// runs is what the platform reports, and the next push deploys.
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DatabaseStoppedFor30s_AppsKeepServing_ACommandFailsCleanlyOrCompletes_StateAgreesAfter()
    {
        await using var pg = await PostgresServer.StartAsync();
        var connectionString = await pg.CreateDatabaseAsync("outage");
        var dir = Path.Combine(Path.GetTempPath(), "paas-outage-" + Guid.NewGuid().ToString("N")[..8]);
        var certificate = ClusterCertificates.CreatePfx(dir, "cluster");
        var token = "outage-token-" + Guid.NewGuid().ToString("N");
        await using var a = new PaasNode(null, "oa-" + Guid.NewGuid().ToString("N")[..6], postgresConnectionString: connectionString,
            certificatePath: certificate, nodeAddress: "127.0.0.1", adminToken: token);
        await using var b = new PaasNode(null, "ob-" + Guid.NewGuid().ToString("N")[..6], postgresConnectionString: connectionString,
            certificatePath: certificate, nodeAddress: "127.0.0.1", adminToken: token);
        await Task.WhenAll(a.StartAsync(), b.StartAsync());
        await ClusterDatabase.WaitUntilActiveAsync(connectionString, a.NodeName, b.NodeName);
        var app = "out-" + Guid.NewGuid().ToString("N")[..6];
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "before the outage");
        var push = await source.PushAsync(a.RemoteUrl(app));
        Assert.True(push.ExitCode == 0, push.Output);
        await a.WaitForContentAsync(host, "before the outage");
        await b.WaitForContentAsync(host, "before the outage");

        using var throughA = new LoadLoop(a, host, clients: 1, maxRequests: 1_000_000, maxDuration: TimeSpan.FromMinutes(3));
        using var throughB = new LoadLoop(b, host, clients: 1, maxRequests: 1_000_000, maxDuration: TimeSpan.FromMinutes(3));
        await throughA.WaitForRequestsAsync(10);
        await throughB.WaitForRequestsAsync(10);

        await pg.PauseAsync();
        var down = Stopwatch.StartNew();
        var during = await new PaasCli(b, token).RunAsync("config:set", app, "DURING=outage");
        output.WriteLine($"config:set during the outage: exit {during.ExitCode} after {down.Elapsed.TotalSeconds:0.0} s: {during.Output.Trim()}");
        if (during.ExitCode != 0)
        {
            // One sentence that says what happened, not a bare status or a stack trace.
            Assert.Contains("database did not answer, so nothing was changed", during.Output);
            Assert.DoesNotContain("   at ", during.Output);
        }

        // The outage lasts its length whatever the command did (a fault's duration, not a wait for anything).
        if (Outage - down.Elapsed is { } left && left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        await throughA.WaitForRequestsAsync(10);
        await throughB.WaitForRequestsAsync(10);
        await pg.ResumeAsync();
        output.WriteLine($"database back after {down.Elapsed.TotalSeconds:0.0} s");

        var (resultA, resultB) = (await throughA.StopAsync(), await throughB.StopAsync());
        output.WriteLine($"through A: {resultA.Total} requests, {resultA.Failed.Count} failed; through B: {resultB.Total}, {resultB.Failed.Count} failed");
        Assert.True(resultA.Failed.Count == 0, string.Join(" | ", resultA.Failed.Take(5)));
        Assert.True(resultB.Failed.Count == 0, string.Join(" | ", resultB.Failed.Take(5)));

        // Never half: the value is there exactly when the command said so, and what runs carries it then.
        var cli = new PaasCli(a, token);
        var value = await Poll.UntilAsync(() => cli.RunAsync("config:get", app, "DURING"), r => r.ExitCode == 0 || r.Output.Contains("not set"),
            TimeSpan.FromSeconds(60), "config:get to answer after the outage");
        if (during.ExitCode == 0)
        {
            Assert.Equal("outage", value.StandardOutput.Trim());
            await a.WaitForContentAsync(host, "DURING=outage", "/cgi-bin/env");
        }
        else
        {
            Assert.NotEqual("outage", value.StandardOutput.Trim());
            Assert.DoesNotContain("DURING=outage", (await a.GetAsync(host, "/cgi-bin/env")).Body);
        }

        // The platform takes the next push and deploys it. Through A, which served git before the outage:
        // its pooled database connections were ended by the server's stop, and the first use of one
        // failed the push ("57P01: terminating connection due to administrator command", seen in chaos.sh).
        await source.CommitAsync(AppSource.StaticSiteDockerfile(), "after the outage", "after");
        var next = await source.PushAsync(a.RemoteUrl(app));
        Assert.True(next.ExitCode == 0, next.Output);
        await a.WaitForContentAsync(host, "after the outage");
        await b.WaitForContentAsync(host, "after the outage");
    }
}
