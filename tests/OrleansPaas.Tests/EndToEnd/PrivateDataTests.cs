using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>The data folder holds the database, the admin token, config and source: other users see none of it.</summary>
public sealed class PrivateDataTests
{
    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task Node_DataDirAndEverythingItWrites_AreOwnerOnly_LooseTokenFileIsFixed()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "paas-private-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var tokenFile = Path.Combine(dataDir, "admin-token");
        await File.WriteAllTextAsync(tokenFile, token + "\n");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var node = new PaasNode(dataDir);
        await node.StartAsync();
        // A push writes the rest: the repository, the database's rows, and the app's kept output
        // (the app says it booted; build logs stay in memory and in the database).
        using var source = await AppSource.CreateAsync($"""
            FROM {PaasNode.BaseImage}
            COPY www /www
            CMD ["sh", "-c", "echo booted; exec httpd -f -p $PORT -h /www"]
            """, "private");
        var push = await source.PushAsync(node.RemoteUrl("private"));
        Assert.True(push.ExitCode == 0, push.Output);

        Assert.Equal(token, node.Token);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDir));
        await Poll.UntilAsync(() => Task.FromResult(Directory.Exists(Path.Combine(dataDir, "logs", "private"))
                && Directory.EnumerateFiles(Path.Combine(dataDir, "logs", "private")).Any()),
            TimeSpan.FromSeconds(30), "the app's kept output on disk");
        var entries = Directory.EnumerateFileSystemEntries(dataDir, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(entries, e => e.EndsWith("paas.db", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("/repos/private.git/objects/", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("/logs/private/", StringComparison.Ordinal));
        var open = entries.Where(e => (File.GetUnixFileMode(e) & GroupOrOthers) != 0).ToList();
        Assert.True(open.Count == 0, "readable by others: " + string.Join(", ", open.Take(10)));
    }

    [Fact]
    public async Task Node_ConfiguredAdminTokenShorterThan32_RefusesToStartWithOneSentence()
    {
        await using var node = new PaasNode(adminToken: "too-short-to-be-a-secret");
        await node.LaunchAsync();

        Assert.NotEqual(0, await node.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var stderr = node.StandardError.ToString().Trim();
        Assert.DoesNotContain('\n', stderr);
        Assert.Contains("Paas:AdminToken is shorter than 32 characters", stderr);
        Assert.False(Directory.Exists(Path.Combine(node.DataDir, "repos")));
    }
}
