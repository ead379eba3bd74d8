using System.Text.Json;
using OrleansPaas.Cli.Tests.Support;

namespace OrleansPaas.Cli.Tests.Commands;

/// <summary><c>ssh-keys:add|remove|list</c> against the fake admin API.</summary>
public class SshKeysCommandsTests
{
    private const string Key = """
        {"name":"alice","fingerprint":"SHA256:abc","type":"ssh-ed25519","bits":256,"role":"deploy","addedAt":"2026-01-01T00:00:00+00:00"}
        """;

    [Fact]
    public async Task Add_SendsTheFilesKeyWithTheRole()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Key));
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA alice@laptop\n");
        try
        {
            var run = await CliRun.RunAsync(server.Environment, "ssh-keys:add", "alice", file, "--role", "deploy");

            Assert.Equal((0, ""), (run.ExitCode, run.Stderr));
            var request = Assert.Single(server.Requests);
            Assert.Equal("POST /api/ssh-keys", request.Line);
            var body = JsonDocument.Parse(request.Body).RootElement;
            Assert.Equal("alice", body.GetProperty("name").GetString());
            Assert.Equal("deploy", body.GetProperty("role").GetString());
            Assert.StartsWith("ssh-ed25519 AAAA", body.GetProperty("key").GetString());
            Assert.False(body.TryGetProperty("apps", out var apps) && apps.GetArrayLength() > 0);
            Assert.Equal("-----> Added SSH key alice (SHA256:abc, role deploy, every app)\n", run.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Add_WithApps_SendsThem_AndListShowsThem()
    {
        const string scoped = """
            {"name":"ci","fingerprint":"SHA256:def","type":"ssh-ed25519","bits":256,"role":"deploy","addedAt":"2026-01-01T00:00:00+00:00","apps":["blog","wiki"]}
            """;
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c,
            c.Request.Method == "GET" ? $"[{scoped}]" : scoped));

        var add = await CliRun.RunInAsync(server.Environment, Environment.CurrentDirectory, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA ci\n",
            "ssh-keys:add", "ci", "-", "--role", "deploy", "--app", "blog", "--app", "wiki");
        var list = await CliRun.RunAsync(server.Environment, "ssh-keys:list");

        Assert.Equal((0, ""), (add.ExitCode, add.Stderr));
        var body = JsonDocument.Parse(server.Requests.First().Body).RootElement;
        Assert.Equal(["blog", "wiki"], body.GetProperty("apps").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("-----> Added SSH key ci (SHA256:def, role deploy, blog,wiki)\n", add.Stdout);
        Assert.Matches(@"SHA256:def\s+ci\s+deploy\s+blog,wiki\s+ssh-ed25519", list.Stdout);
    }

    [Fact]
    public async Task Add_APrivateKey_IsRefusedWithoutSendingIt()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Key));
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n");
        try
        {
            var run = await CliRun.RunAsync(server.Environment, "ssh-keys:add", "alice", file);

            Assert.Equal(1, run.ExitCode);
            Assert.Contains("is a private key, which stays on this machine", run.Stderr);
            Assert.Empty(server.Requests);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task List_ShowsFingerprintNameRoleAndAdded()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, $"[{Key}]"));

        var run = await CliRun.RunAsync(server.Environment, "ssh-keys:list");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("GET /api/ssh-keys", Assert.Single(server.Requests).Line);
        Assert.Matches(@"FINGERPRINT\s+NAME\s+ROLE\s+APPS", run.Stdout);
        Assert.Matches(@"SHA256:abc\s+alice\s+deploy\s+every app\s+ssh-ed25519 \(256\)", run.Stdout);
    }

    [Fact]
    public async Task Remove_DeletesByName()
    {
        await using var server = await FakePaasServer.StartAsync(c => FakePaasServer.WriteJsonAsync(c, Key));

        var run = await CliRun.RunAsync(server.Environment, "ssh-keys:remove", "alice");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("DELETE /api/ssh-keys/alice", Assert.Single(server.Requests).Line);
        Assert.Equal("-----> Removed SSH key alice\n", run.Stdout);
    }
}
