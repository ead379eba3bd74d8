using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Tests.Runtime;

/// <summary>Links followed on the real filesystem, as the engine's bind mount follows them.</summary>
public sealed class HostLinksTests : IDisposable
{
    private readonly string _root = HostLinks.Resolve(Directory.CreateTempSubdirectory("paas-links-").FullName);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Resolve_AbsoluteAndRelativeLinks_AreFollowedAlongThePath()
    {
        Directory.CreateDirectory(Path.Join(_root, "data", "blog"));
        Directory.CreateDirectory(Path.Join(_root, "srv"));
        File.CreateSymbolicLink(Path.Join(_root, "srv", "relative"), "../data");
        File.CreateSymbolicLink(Path.Join(_root, "srv", "absolute"), Path.Join(_root, "srv", "relative"));

        Assert.Equal(Path.Join(_root, "data", "blog"), HostLinks.Resolve(Path.Join(_root, "srv", "absolute", "blog")));
        Assert.Equal(Path.Join(_root, "data", "blog"), HostLinks.Resolve(Path.Join(_root, "srv", "relative", "blog")));
    }

    [Fact]
    public void Resolve_MissingTail_IsKeptAsWritten()
    {
        Directory.CreateDirectory(Path.Join(_root, "srv"));
        File.CreateSymbolicLink(Path.Join(_root, "srv", "link"), Path.Join(_root, "elsewhere"));

        Assert.Equal(Path.Join(_root, "elsewhere", "not", "yet"), HostLinks.Resolve(Path.Join(_root, "srv", "link", "not", "yet")));
    }

    [Fact]
    public void Resolve_LinkLoop_IsAnIOException()
    {
        File.CreateSymbolicLink(Path.Join(_root, "a"), Path.Join(_root, "b"));
        File.CreateSymbolicLink(Path.Join(_root, "b"), Path.Join(_root, "a"));

        Assert.Throws<IOException>(() => HostLinks.Resolve(Path.Join(_root, "a", "x")));
    }

    [Fact]
    public void Refusal_LinkUnderAHostRootToVarRun_IsRefusedAsRun()
    {
        Directory.CreateDirectory(Path.Join(_root, "srv"));
        File.CreateSymbolicLink(Path.Join(_root, "srv", "sockets"), "/var/run");
        var check = Check(Path.Join(_root, "srv"));

        var refusal = check.Refusal(Path.Join(_root, "srv", "sockets", "docker.sock"));

        Assert.Contains("leads to /run/docker.sock, which is in the system directory /run", refusal);
        Assert.Null(check.Refusal(Path.Join(_root, "srv", "blog")));
        Assert.Contains("outside the directories apps may mount", check.Refusal("/opt/blog"));
    }

    [Fact]
    public void Refusal_VarRunItself_IsRefused()
    {
        var refusal = Check("/srv").Refusal("/var/run/docker.sock");

        Assert.NotNull(refusal);
        if (new FileInfo("/var/run").LinkTarget is not null)
        {
            Assert.Contains("leads to /run/docker.sock, which is in the system directory /run", refusal);
        }
    }

    [Fact]
    public void Check_AcceptedHostDirectory_GivesTheEngineTheResolvedPath()
    {
        Directory.CreateDirectory(Path.Join(_root, "srv", "real"));
        File.CreateSymbolicLink(Path.Join(_root, "srv", "link"), "real");

        Assert.Null(Check(Path.Join(_root, "srv")).Check(Path.Join(_root, "srv", "link"), out var resolved));
        Assert.Equal(Path.Join(_root, "srv", "real"), resolved);
    }

    private HostPathCheck Check(params string[] roots) => new(Options.Create(new PaasOptions
    {
        DataDir = Path.Join(_root, "data-folder"),
        Storage = new StorageOptions { HostRoots = roots },
    }));
}
