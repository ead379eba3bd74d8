using System.Text.Json;
using OrleansPaas.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// A Redis service on the real engine (the stand-in image of tests/fixtures/make-redis-image.sh):
/// created, linked to an app whose containers then reach it through REDIS_URL with its password;
/// an app that is not linked cannot reach it, by name or by address; bad input changes nothing.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ServicesTests(NodeFixture fixture, ITestOutputHelper output)
{
    // Reads REDIS_URL (redis://:PASSWORD@HOST:6379) with the shell alone and asks the server for PONG.
    private const string PingThroughUrl =
        "u=${REDIS_URL#redis://:}; pw=${u%@*}; hp=${u#*@}; h=${hp%:*}; printf 'AUTH %s\\r\\nPING\\r\\nQUIT\\r\\n' \"$pw\" | nc -w 5 \"$h\" 6379";

    private PaasNode Node => fixture.Node;
    private PaasCli Cli => new(Node);

    [Fact]
    public async Task CreateLinkUnlinkDestroy_LinkedAppReachesRedisThroughItsUrl_OthersCannot()
    {
        var service = NodeFixture.NewAppName("cache");
        var database = NodeFixture.NewAppName("db");
        try
        {
            await CreateLinkUnlinkDestroyAsync(service, database);
        }
        finally
        {
            // A failed run leaves no service behind on the shared engine (a passing one destroyed them already).
            await Cli.RunAsync("services:destroy", service, "--force");
            await Cli.RunAsync("services:destroy", database, "--force");
        }
    }

    private async Task CreateLinkUnlinkDestroyAsync(string service, string database)
    {
        await MakeStandInAsync("make-redis-image.sh", PaasNode.RedisImage);
        var linked = NodeFixture.NewAppName("svc-app");
        var stranger = NodeFixture.NewAppName("svc-other");
        foreach (var app in new[] { linked, stranger })
        {
            using var source = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), app);
            var push = await source.PushAsync(Node.RemoteUrl(app));
            Assert.True(push.ExitCode == 0, push.Output);
        }

        var created = DateTime.UtcNow;
        await Cli.OkAsync("services:create", "redis", service);
        output.WriteLine($"services:create took {(DateTime.UtcNow - created).TotalSeconds:F1} s");
        var info = await InfoAsync(service);
        Assert.Equal("redis", info.GetProperty("kind").GetString());
        Assert.Equal(PaasNode.RedisImage, info.GetProperty("image").GetString());
        Assert.Equal("running", info.GetProperty("status").GetString());

        using var docker = PaasNode.Docker();
        var container = await docker.Containers.InspectContainerAsync($"paas-service-{service}");
        Assert.Equal(512L << 20, container.HostConfig.Memory);
        Assert.Equal("json-file", container.HostConfig.LogConfig.Type);
        Assert.Contains(container.Mounts, m => m.Type == "volume" && m.Name == $"paas-service-{service}-data" && m.Destination == "/data");

        // Bad input: one sentence each, nothing created or changed.
        Assert.Contains("already exists", await Cli.FailsAsync("services:create", "redis", service));
        Assert.Contains("already an app", await Cli.FailsAsync("services:create", "redis", linked));
        Assert.Contains("not one of", await Cli.FailsAsync("services:create", "mysql", NodeFixture.NewAppName("db")));
        Assert.Contains("version", await Cli.FailsAsync("services:create", "redis", NodeFixture.NewAppName("db"), "--version", "latest;rm"));
        Assert.Contains("does not exist", await Cli.FailsAsync("services:link", service, "no-such-app-here"));

        await Cli.OkAsync("services:link", service, linked);
        var url = (await Cli.OkAsync("config:get", linked, "REDIS_URL")).Trim();
        Assert.StartsWith($"redis://:", url, StringComparison.Ordinal);
        Assert.EndsWith($"@paas-service-{service}:6379", url, StringComparison.Ordinal);

        // A one-off run of the linked app, and its web instance, are on the service's network.
        var ping = await Cli.RunAsync("run", linked, "--", "sh", "-c", PingThroughUrl);
        output.WriteLine(ping.ToString());
        Assert.Contains("+PONG", ping.StandardOutput, StringComparison.Ordinal);
        // The link's release replaced the web instance; the old one retires in the background (it drains first).
        var running = await Poll.UntilAsync(() => Node.ContainersAsync(linked), cs => cs.Count(c => c.State == "running") == 1,
            TimeSpan.FromSeconds(60), "the web instance of the release before the link to retire");
        var web = Assert.Single(running, c => c.State == "running");
        Assert.Contains($"paas-service-{service}", web.NetworkSettings.Networks.Keys);

        // Not linked: the name does not resolve, and the service's address is not reachable either.
        var address = (await docker.Containers.InspectContainerAsync($"paas-service-{service}")).NetworkSettings.Networks.Values.Single().IPAddress;
        var refused = await Cli.RunAsync("run", stranger, "--", "sh", "-c",
            $"printf 'PING\\r\\n' | nc -w 3 paas-service-{service} 6379; printf 'PING\\r\\n' | nc -w 3 {address} 6379; echo done");
        output.WriteLine(refused.ToString());
        Assert.Contains("done", refused.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("PONG", refused.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("NOAUTH", refused.StandardOutput, StringComparison.Ordinal);

        // PostgreSQL by the official image's contract, linked under another name, reached through the URL's host.
        await MakeStandInAsync("make-postgres-image.sh", PaasNode.PostgresImage);
        var started = DateTime.UtcNow;
        await Cli.OkAsync("services:create", "postgres", database);
        await Cli.OkAsync("services:link", database, linked, "--as", "MAIN_DB");
        var databaseUrl = (await Cli.OkAsync("config:get", linked, "MAIN_DB")).Trim();
        var user = database.Replace('-', '_');
        Assert.Matches($"^postgres://{user}:[0-9a-f]{{32}}@paas-service-{database}:5432/{user}$", databaseUrl);
        await Poll.UntilAsync(async () => (await Cli.RunAsync("run", linked, "--", "sh", "-c",
                "hp=${MAIN_DB#*@}; h=${hp%:*}; echo | nc -w 3 \"$h\" 5432 && echo reached")).StandardOutput.Contains("reached", StringComparison.Ordinal),
            TimeSpan.FromSeconds(90), "the linked app never reached PostgreSQL");
        output.WriteLine($"services:create postgres to accepting connections (seen from the app): {(DateTime.UtcNow - started).TotalSeconds:F1} s");
        var postgres = await docker.Containers.InspectContainerAsync($"paas-service-{database}");
        Assert.Contains($"POSTGRES_DB={user}", postgres.Config.Env);
        Assert.Contains(postgres.Mounts, m => m.Name == $"paas-service-{database}-data" && m.Destination == "/var/lib/postgresql/data");
        // --force unlinks first: the app loses the variable, and the data goes.
        await Cli.OkAsync("services:destroy", database, "--force");
        Assert.DoesNotContain("MAIN_DB", await Cli.OkAsync("config:show", linked), StringComparison.Ordinal);

        // Linked: destroy is refused (nothing changes); unlinked: the app loses the URL and the network.
        Assert.Contains("linked", await Cli.FailsAsync("services:destroy", service));
        Assert.Equal("running", (await InfoAsync(service)).GetProperty("status").GetString());
        await Cli.OkAsync("services:unlink", service, linked);
        Assert.DoesNotContain("REDIS_URL", await Cli.OkAsync("config:show", linked), StringComparison.Ordinal);
        Assert.All(await Node.ContainersAsync(linked), c => Assert.DoesNotContain($"paas-service-{service}", c.NetworkSettings.Networks.Keys));

        // Restarted by the platform when it dies.
        await docker.Containers.KillContainerAsync($"paas-service-{service}", new Docker.DotNet.Models.ContainerKillParameters());
        await Poll.UntilAsync(async () => (await InfoAsync(service)).GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(60),
            "the killed service was not started again");
        using (var api = Node.Api())
        {
            await Poll.UntilAsync(() => api.GetStringAsync("/metrics"),
                t => t.Split('\n').Any(l => l.StartsWith("paas_node_services{", StringComparison.Ordinal) && l.Contains("kind=\"redis\"", StringComparison.Ordinal)
                    && l.Contains("state=\"running\"", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(30), "the running service in /metrics");
        }

        await Cli.OkAsync("services:destroy", service);
        Assert.Contains("does not exist", await Cli.FailsAsync("services:info", service));
        var volumes = await docker.Volumes.ListAsync();
        Assert.DoesNotContain(volumes.Volumes, v => v.Name == $"paas-service-{service}-data");
    }

    private async Task<JsonElement> InfoAsync(string service) =>
        JsonDocument.Parse(await Cli.OkAsync("services:info", service, "--json")).RootElement;

    private static async Task MakeStandInAsync(string script, string image)
    {
        var result = await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "tests", "fixtures", script), image]);
        Assert.True(result.ExitCode == 0, result.Output);
    }
}
