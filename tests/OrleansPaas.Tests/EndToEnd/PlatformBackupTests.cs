using System.Net;
using System.Net.Http.Json;
using Docker.DotNet.Models;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>
/// A platform backed up on one node and restored onto a second, freshly installed one, as after a
/// dead droplet: every app served again with its config, domains and certificate, the old token
/// still works; a damaged archive and a node with apps are refused, changing nothing.
/// </summary>
public sealed class PlatformBackupTests : IAsyncLifetime, IDisposable
{
    private readonly PaasNode _old = new();
    private readonly PaasNode _fresh = new();
    private readonly TestCertificateAuthority _ca = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("paas-backup-").FullName;

    public Task InitializeAsync() => _old.StartAsync();

    private bool _oldGone;

    public async Task DisposeAsync()
    {
        if (!_oldGone)
        {
            await _old.DisposeAsync();
        }

        await _fresh.DisposeAsync();
    }

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task BackupThenRestoreOnAnEmptyNode_EveryAppServedAgainWithConfigDomainsCertificateAndToken()
    {
        var docker = NodeFixture.NewAppName("bk-docker");
        var buildpack = NodeFixture.NewAppName("bk-pack");
        var domain = $"www.{docker}.test";
        using var dockerSource = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "docker app");
        using var buildpackSource = await AppSource.CreateFilesAsync(("index.html", "buildpack app\n"));
        Assert.Equal(0, (await dockerSource.PushAsync(_old.RemoteUrl(docker))).ExitCode);
        Assert.Equal(0, (await buildpackSource.PushAsync(_old.RemoteUrl(buildpack))).ExitCode);
        var oldCli = new PaasCli(_old);
        await oldCli.OkAsync("config:set", docker, "GREETING=kept in the backup");
        await oldCli.OkAsync("domains:add", docker, domain);
        var (chain, key, leaf) = _ca.Issue([domain]);
        using (var api = _old.Api())
        using (var added = await api.PutAsJsonAsync($"/api/apps/{docker}/certs", new { certificate = chain, key }))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        var oldToken = _old.Token;
        var archive = Path.Combine(_folder, "platform.tar.gz");
        var output = await oldCli.OkAsync("platform:backup", archive, "--with-images");
        Assert.Contains("Wrote the platform's archive", output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archive));
        // The node's own verb writes the same kind of archive (without images), beside a running node.
        var verbArchive = Path.Combine(_folder, "verb.tar.gz");
        var verb = await _old.RunVerbAsync("backup", verbArchive);
        Assert.True(verb.ExitCode == 0, verb.Output);
        Assert.Contains("Backed up 2 app(s) and 0 image(s)", verb.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(verbArchive));

        // The droplet dies: its node, containers and images are gone.
        await _old.DisposeAsync();
        _oldGone = true;
        // A freshly installed node (started once, as the install does), stopped for the restore.
        await _fresh.StartAsync();
        await _fresh.StopAsync();
        var freshToken = _fresh.Token;

        var damaged = Path.Combine(_folder, "damaged.tar.gz");
        var bytes = await File.ReadAllBytesAsync(archive);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(damaged, bytes);
        var refused = await _fresh.RunVerbAsync("restore", damaged);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("nothing was changed", refused.StandardError);
        Assert.Single(refused.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(freshToken, _fresh.Token);
        Assert.False(Directory.Exists(Path.Combine(_fresh.DataDir, "repos", docker + ".git")));

        var restored = await _fresh.RunVerbAsync("restore", archive);
        Assert.True(restored.ExitCode == 0, restored.Output);
        Assert.Contains("Restored 2 app(s)", restored.Output);
        Assert.Contains("Loaded the release images of 2 app(s)", restored.Output);
        // One app's image is lost after all: the node rebuilds its commit from the restored repository.
        using (var engine = PaasNode.Docker())
        {
            await engine.Images.DeleteImageAsync($"paas/{buildpack}:v1", new ImageDeleteParameters { Force = true });
        }

        var again = new PaasNode(_fresh.DataDir, _fresh.NodeName);
        await using (again)
        {
            await again.StartAsync();
            await again.WaitForContentAsync($"{docker}.{PaasNode.Domain}", "docker app");
            // The domain has its certificate: HTTPS, with the restored config var.
            using var https = _ca.Client(again.GatewayHttpsPort);
            var env = await Poll.UntilAsync(() => https.GetAsync($"https://{domain}:{again.GatewayHttpsPort}/cgi-bin/env"),
                r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the domain to answer over HTTPS");
            Assert.Contains("GREETING=kept in the backup", await env.Content.ReadAsStringAsync());
            await Poll.UntilAsync(() => again.GetAsync($"{buildpack}.{PaasNode.Domain}"), r => r.Status == HttpStatusCode.OK && r.Body == "buildpack app\n",
                TimeSpan.FromMinutes(2), "the buildpack app to be rebuilt and served");
            Assert.Equal(oldToken, again.Token);
            var cli = new PaasCli(again, oldToken);
            var apps = await cli.OkAsync("apps:list");
            Assert.Contains(docker, apps);
            Assert.Contains(buildpack, apps);
            var (served, trusted) = await _ca.HandshakeAsync(again.GatewayHttpsPort, domain);
            Assert.Equal(leaf.Thumbprint, served.Thumbprint);
            Assert.True(trusted);

            // Restoring again onto a node that has apps is refused unless forced.
            await again.StopAsync();
            var twice = await again.RunVerbAsync("restore", archive);
            Assert.Equal(1, twice.ExitCode);
            Assert.Contains("already has 2 app(s)", twice.StandardError);
        }
    }
}
