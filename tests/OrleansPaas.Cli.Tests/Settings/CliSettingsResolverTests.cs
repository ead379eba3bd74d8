using OrleansPaas.Cli.Settings;

namespace OrleansPaas.Cli.Tests.Settings;

public sealed class CliSettingsResolverTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("paas-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ResolveToken_PaasTokenSet_WinsOverTokenFiles()
    {
        WriteToken("data", "from-file");
        WriteToken("custom", "from-data-dir");

        var token = CliSettingsResolver.ResolveToken(Env(("PAAS_TOKEN", "from-env"), ("Paas__DataDir", "custom")), _directory);

        Assert.Equal("from-env", token);
    }

    [Fact]
    public void ResolveToken_DataDirSet_ReadsItsAdminTokenFile()
    {
        WriteToken("data", "from-file");
        var dataDir = WriteToken("custom", "from-data-dir\n");

        Assert.Equal("from-data-dir", CliSettingsResolver.ResolveToken(Env(("Paas__DataDir", dataDir)), _directory));
        Assert.Equal("from-data-dir", CliSettingsResolver.ResolveToken(Env(("Paas__DataDir", "custom")), _directory));
    }

    [Fact]
    public void ResolveToken_NothingSet_ReadsDataAdminTokenInCurrentDirectory()
    {
        WriteToken("data", "from-file\n");

        Assert.Equal("from-file", CliSettingsResolver.ResolveToken(Env(("PAAS_TOKEN", "  ")), _directory));
    }

    [Fact]
    public void ResolveToken_NoVariableNoFile_ReturnsNull()
    {
        Assert.Null(CliSettingsResolver.ResolveToken(Env(), _directory));
    }

    [Fact]
    public void ResolveUrl_Unset_IsTheLocalControlPort()
    {
        Assert.Equal("http://127.0.0.1:8081", CliSettingsResolver.ResolveUrl(Env()));
    }

    [Fact]
    public void ResolveUrl_TrailingSlash_IsTrimmed()
    {
        Assert.Equal("https://paas.example.com/admin", CliSettingsResolver.ResolveUrl(Env(("PAAS_URL", "https://paas.example.com/admin/"))));
    }

    [Theory]
    [InlineData("127.0.0.1:8081")]
    [InlineData("ftp://host")]
    public void ResolveUrl_NotHttp_ThrowsOneLineMessage(string url)
    {
        var e = Assert.Throws<CliException>(() => CliSettingsResolver.ResolveUrl(Env(("PAAS_URL", url))));

        Assert.Equal($"PAAS_URL '{url}' is not an http:// or https:// URL", e.Message);
    }

    [Fact]
    public void Resolve_LoggedIn_UsesTheStoredUrlAndToken()
    {
        WriteToken("data", "from-file");
        LoginFile.Write(Env(("HOME", _directory)), new StoredLogin("https://paas.example.com", "from-login"));

        var settings = CliSettingsResolver.Resolve(Env(("HOME", _directory)), _directory);

        Assert.Equal(new CliSettings("https://paas.example.com", "from-login"), settings);
    }

    [Fact]
    public void Resolve_LoggedInButPaasUrlElsewhere_NeverSendsTheStoredToken()
    {
        LoginFile.Write(Env(("HOME", _directory)), new StoredLogin("https://paas.example.com", "from-login"));

        var settings = CliSettingsResolver.Resolve(Env(("HOME", _directory), ("PAAS_URL", "https://other.example.com")), _directory);

        Assert.Equal(new CliSettings("https://other.example.com", null), settings);
    }

    [Fact]
    public void Resolve_OnTheNodeWithPaasUrlElsewhere_NeverSendsTheNodesAdminToken()
    {
        var dataDir = WriteToken("custom", "node-admin-token");

        var elsewhere = CliSettingsResolver.Resolve(Env(("Paas__DataDir", dataDir), ("Paas__ControlUrls", "http://*:9081"), ("PAAS_URL", "https://other.example.com")), _directory);
        var itself = CliSettingsResolver.Resolve(Env(("Paas__DataDir", dataDir), ("Paas__ControlUrls", "http://*:9081")), _directory);

        Assert.Equal(new CliSettings("https://other.example.com", null), elsewhere);
        Assert.Equal(new CliSettings("http://127.0.0.1:9081", "node-admin-token"), itself);
    }

    [Fact]
    public void Resolve_LoggedInAndEnvironmentSet_EnvironmentWins()
    {
        LoginFile.Write(Env(("HOME", _directory)), new StoredLogin("https://paas.example.com", "from-login"));

        var settings = CliSettingsResolver.Resolve(Env(("HOME", _directory), ("PAAS_URL", "https://paas.example.com/"), ("PAAS_TOKEN", "from-env")), _directory);

        Assert.Equal(new CliSettings("https://paas.example.com", "from-env"), settings);
    }

    [Theory]
    [InlineData("http://0.0.0.0:9081", "http://127.0.0.1:9081")]
    [InlineData("http://*:9081;https://+:9443", "http://127.0.0.1:9081")]
    [InlineData("https://[::]:9081", "https://127.0.0.1:9081")]
    [InlineData("https://paas.example.com:9081", "https://paas.example.com:9081")]
    public void ResolveUrl_OnTheNode_IsItsFirstControlUrlOnLoopback(string controlUrls, string expected)
    {
        Assert.Equal(expected, CliSettingsResolver.ResolveUrl(Env(("Paas__ControlUrls", controlUrls))));
    }

    private string WriteToken(string dataDir, string token)
    {
        var directory = Path.Combine(_directory, dataDir);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "admin-token"), token);
        return directory;
    }

    private static Dictionary<string, string> Env(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value);
}
