using OrleansPaas.Attachments;

namespace OrleansPaas.Tests.Attachments;

public sealed class StoragePathsTests
{
    private const string DataDir = "/var/lib/orleanspaas";

    [Theory]
    [InlineData("/srv/blog")]
    [InlineData("/srv/blog/")]
    [InlineData("/home/alice/wiki")]
    [InlineData("/var/www/uploads")]
    [InlineData("/mnt/disk1")]
    [InlineData("/library")]
    public void HostPathRefusal_OrdinaryDirectory_IsAccepted(string path) =>
        Assert.Null(StoragePaths.HostPathRefusal(path, DataDir));

    [Theory]
    [InlineData("/")]
    [InlineData("/etc")]
    [InlineData("/etc/ssl")]
    [InlineData("/usr")]
    [InlineData("/bin")]
    [InlineData("/sbin")]
    [InlineData("/lib")]
    [InlineData("/lib64")]
    [InlineData("/lib/x86_64-linux-gnu")]
    [InlineData("/boot")]
    [InlineData("/proc")]
    [InlineData("/sys")]
    [InlineData("/dev")]
    [InlineData("/run")]
    [InlineData("/var/lib/docker")]
    [InlineData("/var/lib/docker/volumes")]
    [InlineData("/var")]
    [InlineData("/var/lib")]
    [InlineData("/var/lib/orleanspaas")]
    [InlineData("/var/lib/orleanspaas/repos")]
    [InlineData("/root")]
    [InlineData("srv/blog")]
    [InlineData("./blog")]
    [InlineData("/srv/../etc")]
    [InlineData("/srv/./blog")]
    [InlineData("/srv/a:b")]
    [InlineData("/srv//blog")]
    [InlineData("")]
    public void HostPathRefusal_SystemDataRelativeOrOddPath_IsOneSentence(string path)
    {
        var refusal = StoragePaths.HostPathRefusal(path, DataDir);
        Assert.NotNull(refusal);
        Assert.DoesNotContain('\n', refusal);
    }

    [Fact]
    public void HostPathRefusal_ParentOfTheDataFolder_SaysItHoldsIt() =>
        Assert.Contains("holds the platform's data folder", StoragePaths.HostPathRefusal("/opt/paas", "/opt/paas/data"));

    private static readonly IReadOnlyList<string> Roots = OrleansPaas.Configuration.StorageOptions.DefaultRoots(DataDir);

    [Theory]
    [InlineData("/srv/blog")]
    [InlineData("/home/alice/wiki")]
    [InlineData("/mnt/disk1")]
    [InlineData("/media/usb/photos")]
    [InlineData("/var/lib/orleanspaas/storage")]
    [InlineData("/var/lib/orleanspaas/storage/blog")]
    public void HostPathRefusal_UnderAHostRoot_IsAccepted(string path) =>
        Assert.Null(StoragePaths.HostPathRefusal(path, DataDir, Roots, p => p));

    [Theory]
    [InlineData("/var/www/uploads")]
    [InlineData("/library")]
    [InlineData("/opt/app")]
    [InlineData("/tmp/x")]
    [InlineData("/var/run")]
    public void HostPathRefusal_OutsideTheHostRoots_IsOneSentenceNamingThem(string path)
    {
        var refusal = StoragePaths.HostPathRefusal(path, DataDir, Roots, p => p);
        Assert.Contains("outside the directories apps may mount (/var/lib/orleanspaas/storage, /srv, /mnt, /media, /home)", refusal);
        Assert.Contains("Paas:Storage:HostRoots", refusal);
    }

    [Fact]
    public void HostPathRefusal_DataFolderBesideItsStorageDirectory_IsStillRefused()
    {
        Assert.Contains("is in the platform's data folder", StoragePaths.HostPathRefusal("/var/lib/orleanspaas/storage-x", DataDir, Roots, p => p));
        Assert.Contains("is in the platform's data folder", StoragePaths.HostPathRefusal("/var/lib/orleanspaas/repos", DataDir));
    }

    [Fact]
    public void HostPathRefusal_LinkUnderARootIntoRun_IsRefusedNamingWhereItLeads()
    {
        var links = new Dictionary<string, string> { ["/srv/sock/docker.sock"] = "/run/docker.sock" };

        var refusal = StoragePaths.HostPathRefusal("/srv/sock/docker.sock", DataDir, Roots, p => links.GetValueOrDefault(p, p));

        Assert.Equal("host path '/srv/sock/docker.sock' leads to /run/docker.sock, which is in the system directory /run; mount a directory of its own, e.g. /srv/blog", refusal);
    }

    [Fact]
    public void HostPathRefusal_LinkFromTheStorageDirectoryIntoTheDataFolder_IsRefused()
    {
        var links = new Dictionary<string, string> { ["/var/lib/orleanspaas/storage/x"] = "/var/lib/orleanspaas" };

        Assert.Contains("leads to /var/lib/orleanspaas, which is in the platform's data folder",
            StoragePaths.HostPathRefusal("/var/lib/orleanspaas/storage/x", DataDir, Roots, p => links.GetValueOrDefault(p, p)));
    }

    [Fact]
    public void HostPathRefusal_SystemDirectoryThatIsItselfALink_IsRefusedWhereItLeads()
    {
        // The engine's data moved to another disk: /var/lib/docker -> /mnt/big/docker is still the engine's.
        var links = new Dictionary<string, string> { ["/var/lib/docker"] = "/mnt/big/docker" };

        Assert.Contains("is in the system directory /mnt/big/docker",
            StoragePaths.HostPathRefusal("/mnt/big/docker/volumes", DataDir, Roots, p => links.GetValueOrDefault(p, p)));
    }

    [Fact]
    public void HostPathRefusal_LinkOutOfTheRoots_IsRefusedNamingWhereItLeads()
    {
        var links = new Dictionary<string, string> { ["/srv/www"] = "/var/www" };

        Assert.Contains("host path '/srv/www' leads to /var/www, which is outside the directories apps may mount",
            StoragePaths.HostPathRefusal("/srv/www", DataDir, Roots, p => links.GetValueOrDefault(p, p)));
    }

    [Theory]
    [InlineData("/data")]
    [InlineData("/app/storage/")]
    [InlineData("/var/lib/app")]
    public void ContainerPathRefusal_AppDirectory_IsAccepted(string path) =>
        Assert.Null(StoragePaths.ContainerPathRefusal(path));

    [Theory]
    [InlineData("/")]
    [InlineData("/proc")]
    [InlineData("/proc/sys")]
    [InlineData("/sys")]
    [InlineData("/dev")]
    [InlineData("/dev/")]
    [InlineData("data")]
    [InlineData("/data/../etc")]
    [InlineData("/data:ro")]
    public void ContainerPathRefusal_RootKernelTreesOrRelative_IsRefused(string path) =>
        Assert.NotNull(StoragePaths.ContainerPathRefusal(path));

    [Theory]
    [InlineData("data", true)]
    [InlineData("my-volume_1.x", true)]
    [InlineData("Data", false)]
    [InlineData("-data", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    public void VolumeNameRefusal_FollowsTheNameRules(string name, bool accepted) =>
        Assert.Equal(accepted, StoragePaths.VolumeNameRefusal(name) is null);
}
