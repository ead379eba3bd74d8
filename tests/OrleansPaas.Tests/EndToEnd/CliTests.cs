using System.Net;
using System.Text.RegularExpressions;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>Everything a user does besides pushing, through the real <c>paas</c> CLI against a running node and Docker.</summary>
[Collection(NodeCollection.Name)]
public sealed partial class CliTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;
    private PaasCli Cli => new(Node);

    private static string LoggingSite => $"""
        FROM {PaasNode.BaseImage}
        COPY www /www
        CMD ["sh", "-c", "echo booting-marker on $PORT; exec httpd -f -v -p $PORT -h /www"]
        """;

    [Fact]
    public async Task Cli_FullLifecycle_CreateConfigDomainsScaleStopStartRunLogsDestroy()
    {
        var app = NodeFixture.NewAppName("life");
        var host = $"{app}.{PaasNode.Domain}";
        Assert.Contains($"Created {app}", await Cli.OkAsync("apps:create", app));
        using var source = await AppSource.CreateAsync(LoggingSite, "lifecycle");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);

        // config:set: values keep spaces, '=', quotes and new lines; the app restarts with them.
        await Cli.OkAsync("config:set", app, "GREETING=hello world = \"quoted\"", "MULTI=line1\nline2");
        var env = (await Node.GetAsync(host, "/cgi-bin/env")).Body;
        Assert.Contains("GREETING=hello world = \"quoted\"", env);
        Assert.Contains("MULTI=line1\nline2", env);
        Assert.Equal("hello world = \"quoted\"\n", await Cli.OkAsync("config:get", app, "GREETING"));
        Assert.Contains("Set GREETING, MULTI config vars", await Cli.OkAsync("releases", app));

        // domains:add: the app answers on the new host too.
        var extra = $"www.{app}.test";
        await Cli.OkAsync("domains:add", app, extra);
        Assert.Equal((HttpStatusCode.OK, "lifecycle\n"), await Node.GetAsync(extra));
        Assert.Contains(extra, await Cli.OkAsync("domains:report", app));

        // ps:scale web=3: three containers, and the gateway spreads requests over all of them.
        await Cli.OkAsync("ps:scale", app, "web=3");
        // The instance the config change replaced drains in the background; then three remain.
        await Poll.UntilAsync(() => Node.ContainersAsync(app), c => c.Count(x => x.State == "running") == 3,
            TimeSpan.FromSeconds(30), "three running instances");
        var answeredBy = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            answeredBy.Add(HostnameLine().Match((await Node.GetAsync(host, "/cgi-bin/env")).Body).Value);
        }

        Assert.Equal(3, answeredBy.Count(h => h.Length > 0));
        Assert.Contains("web.3", await Cli.OkAsync("ps:report", app));

        // ps:stop answers 503 with a short page; ps:start brings it back.
        await Cli.OkAsync("ps:stop", app);
        var stopped = await Node.GetAsync(host);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stopped.Status);
        Assert.Contains("stopped", stopped.Body);
        Assert.DoesNotContain(await Node.ContainersAsync(app), c => c.Labels["paas.process"] == "web");
        await Cli.OkAsync("ps:start", app);
        Assert.Equal((HttpStatusCode.OK, "lifecycle\n"), await Node.GetAsync(host));

        // run: output streams back, the exit code is the CLI's.
        var run = await Cli.RunAsync("run", app, "--", "sh", "-c", "echo from-run $GREETING; echo to-stderr >&2; exit 3");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("from-run hello world = \"quoted\"", run.StandardOutput);
        Assert.Contains("to-stderr", run.StandardError);

        // logs: lines the app wrote, prefixed with the instance.
        var logs = await Cli.OkAsync("logs", app, "-n", "50");
        Assert.Matches(@"web\.\d v\d+ \| booting-marker on 5000", logs);

        // apps:destroy leaves no container, image, repository or route behind.
        await Cli.OkAsync("apps:destroy", app, "--force");
        Assert.Empty(await Node.ContainersAsync(app));
        using var docker = PaasNode.Docker();
        var images = await docker.Images.ListImagesAsync(new Docker.DotNet.Models.ImagesListParameters { All = true });
        Assert.DoesNotContain(images, i => (i.RepoTags ?? []).Any(t => t.StartsWith($"paas/{app}:", StringComparison.Ordinal)));
        Assert.False(Directory.Exists(Path.Combine(Node.DataDir, "repos", app + ".git")));
        Assert.Equal(HttpStatusCode.NotFound, (await Node.GetAsync(host)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Node.GetAsync(extra)).Status);
        Assert.DoesNotContain(app, await Cli.OkAsync("apps:list"));
    }

    [Fact]
    public async Task Cli_UnknownApp_SaysItDoesNotExist()
    {
        foreach (var command in new[] { "apps:info", "config:show", "domains:report", "ps:report", "releases", "ps:restart" })
        {
            Assert.Equal("app 'no-such-app' does not exist", await Cli.FailsAsync(command, "no-such-app"));
        }
    }

    [Fact]
    public async Task Cli_WrongToken_IsRefusedAndChangesNothing()
    {
        var app = NodeFixture.NewAppName("notoken");
        var intruder = new PaasCli(Node, token: "wrong-token");

        var error = await intruder.FailsAsync("apps:create", app);

        Assert.Contains("token", error);
        Assert.DoesNotContain(app, await Cli.OkAsync("apps:list"));
        Assert.Equal($"app '{app}' does not exist", await Cli.FailsAsync("apps:info", app));
    }

    [Fact]
    public async Task Cli_BadInput_IsRefusedNamingTheFieldAndLeavesNoPartialState()
    {
        var app = NodeFixture.NewAppName("strict");
        await Cli.OkAsync("apps:create", app);
        var other = NodeFixture.NewAppName("owner");
        await Cli.OkAsync("apps:create", other);
        await Cli.OkAsync("domains:add", other, $"shop.{other}.test");

        Assert.Contains("app name 'Bad_Name'", await Cli.FailsAsync("apps:create", "Bad_Name"));
        Assert.Contains("already exists", await Cli.FailsAsync("apps:create", app));
        Assert.Contains("config key '1BAD'", await Cli.FailsAsync("config:set", app, "GOOD=1", "1BAD=2"));
        Assert.Contains("domain", await Cli.FailsAsync("domains:add", app, "not_a_domain.test"));
        Assert.Equal($"domain 'shop.{other}.test' belongs to app '{other}'", await Cli.FailsAsync("domains:add", app, $"shop.{other}.test"));
        Assert.Contains("must be between 0 and 100", await Cli.FailsAsync("ps:scale", app, "web=-1"));
        Assert.Contains("unknown process type 'worker'", await Cli.FailsAsync("ps:scale", app, "worker=2"));
        Assert.Contains("--force", await Cli.FailsAsync("apps:destroy", app));

        // Nothing of the refused changes stuck.
        Assert.DoesNotContain("GOOD", await Cli.OkAsync("config:show", app));
        Assert.DoesNotContain("not_a_domain", await Cli.OkAsync("domains:report", app));
        Assert.Contains("web=1", await Cli.OkAsync("ps:report", app));
        Assert.Contains(app, await Cli.OkAsync("apps:list"));
    }

    [Fact]
    public async Task Cli_Json_PrintsTheApiDocument()
    {
        var app = NodeFixture.NewAppName("json");
        await Cli.OkAsync("apps:create", app);
        var json = await Cli.OkAsync("apps:info", app, "--json");
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(app, document.RootElement.GetProperty("name").GetString());
        Assert.Equal("not-deployed", document.RootElement.GetProperty("status").GetString());
    }

    [GeneratedRegex("^HOSTNAME=.*$", RegexOptions.Multiline)]
    private static partial Regex HostnameLine();

    [Fact]
    public async Task Cli_CertsAddReportHstsRemove_AndAMismatchedKeyFailsWithTheReason()
    {
        var app = NodeFixture.NewAppName("certs");
        var host = $"{app}.{PaasNode.Domain}";
        using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "tls");
        Assert.Equal(0, (await source.PushAsync(Node.RemoteUrl(app))).ExitCode);
        using var ca = new TestCertificateAuthority();
        var (chain, key, leaf) = ca.Issue([host]);
        var (_, otherKey, _) = ca.Issue([host]);
        var folder = Directory.CreateTempSubdirectory("paas-certs-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "cert.pem"), chain);
        await File.WriteAllTextAsync(Path.Combine(folder, "key.pem"), key);
        await File.WriteAllTextAsync(Path.Combine(folder, "other.pem"), otherKey);

        var refused = await Cli.FailsAsync("certs:add", app, Path.Combine(folder, "cert.pem"), Path.Combine(folder, "other.pem"));
        Assert.Contains("the private key does not belong to the certificate", refused);
        Assert.Contains("Ssl enabled: false", Squeeze(await Cli.OkAsync("certs:report", app)));

        var added = Squeeze(await Cli.OkAsync("certs:add", app, Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem")));
        Assert.Contains("Ssl enabled: true", added);
        Assert.Contains($"Served hosts: {host}", added);
        Assert.Contains($"Expires at: {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd}", added);
        Assert.Contains("HSTS: on", Squeeze(await Cli.OkAsync("certs:report", app)));
        Assert.Contains("HSTS: off", Squeeze(await Cli.OkAsync("certs:hsts", app, "off")));
        Assert.Contains("Ssl enabled: false", Squeeze(await Cli.OkAsync("certs:remove", app)));
        Assert.Contains("has no certificate", await Cli.FailsAsync("certs:remove", app));
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Key/value lines with their padding reduced to "Key: value", so checks do not depend on column widths.</summary>
    private static string Squeeze(string output) => Regex.Replace(output, @":\s+", ": ");
}
