using OrleansPaas.Cli.Settings;

namespace OrleansPaas.Cli.Tests.Settings;

public sealed class LoginFileTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("paas-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Write_NewLogin_IsReadableByTheOwnerOnly()
    {
        var path = LoginFile.Write(Home(), new StoredLogin("http://127.0.0.1:8081", "secret"));

        Assert.Equal(Path.Combine(_home, ".config", "orleanspaas", "login.json"), path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Equal(new StoredLogin("http://127.0.0.1:8081", "secret"), LoginFile.Read(Home()));
    }

    [Fact]
    public void PathFor_XdgConfigHomeSet_IsUnderIt()
    {
        var environment = new Dictionary<string, string> { ["HOME"] = "/home/someone", ["XDG_CONFIG_HOME"] = "/cfg" };

        Assert.Equal("/cfg/orleanspaas/login.json", LoginFile.PathFor(environment));
    }

    [Fact]
    public void Read_DamagedFile_SaysToLogInAgain()
    {
        var path = LoginFile.Write(Home(), new StoredLogin("http://127.0.0.1:8081", "secret"));
        File.WriteAllText(path, "{not json");

        var e = Assert.Throws<CliException>(() => LoginFile.Read(Home()));

        Assert.StartsWith($"{path} is not a login file paas can read", e.Message);
        Assert.EndsWith("run 'paas login' again", e.Message);
    }

    [Fact]
    public void Delete_AfterWrite_LeavesNoLogin()
    {
        LoginFile.Write(Home(), new StoredLogin("http://127.0.0.1:8081", "secret"));

        Assert.NotNull(LoginFile.Delete(Home()));
        Assert.Null(LoginFile.Read(Home()));
        Assert.Null(LoginFile.Delete(Home()));
    }

    private Dictionary<string, string> Home() => new() { ["HOME"] = _home };
}
