using OrleansPaas.Gateway.Ssh;

namespace OrleansPaas.Tests.Ssh;

/// <summary>Which program sshd runs as the session helper: the installed native <c>paas</c> when it is beside the node, else the node itself.</summary>
public sealed class SshHelperCommandTests : IDisposable
{
    // Not under /tmp: sshd (and so the choice) refuses a helper below a folder others may write to.
    private readonly string _prefix = Folder(Path.Combine("/opt", "paas-helper-" + Guid.NewGuid().ToString("N")[..8]));

    // Made 0755 whatever the umask: a group-writable folder would (rightly) make the native helper unusable.
    private static string Folder(string path) => Directory.CreateDirectory(path,
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute).FullName;

    public void Dispose() => Directory.Delete(_prefix, recursive: true);

    [Fact]
    public void Helper_InstalledLayoutWithTheNativePaas_IsThatPaas()
    {
        var node = Folder(Path.Combine(_prefix, "node"));
        Folder(Path.Combine(_prefix, "cli"));
        File.WriteAllText(Path.Combine(_prefix, "cli", "paas"), "");

        Assert.Equal([Path.Combine(_prefix, "cli", "paas")], SshHelperCommand.Helper(node));
    }

    [Fact]
    public void Helper_NativePaasBelowAFolderOthersMayWriteTo_IsTheNodesOwnProgram()
    {
        var node = Folder(Path.Combine(_prefix, "node"));
        var cli = Folder(Path.Combine(_prefix, "cli"));
        File.WriteAllText(Path.Combine(cli, "paas"), "");
        File.SetUnixFileMode(cli, File.GetUnixFileMode(cli) | UnixFileMode.OtherWrite);

        Assert.Equal(SshHelperCommand.Self(), SshHelperCommand.Helper(node));
    }

    [Fact]
    public void Helper_NoPaasBesideTheNode_OrAFrameworkDependentOne_IsTheNodesOwnProgram()
    {
        var node = Folder(Path.Combine(_prefix, "node"));
        Assert.Equal(SshHelperCommand.Self(), SshHelperCommand.Helper(node));

        // A `paas` apphost with its dll beside it is a JIT build: no faster than the node itself.
        Folder(Path.Combine(_prefix, "cli"));
        File.WriteAllText(Path.Combine(_prefix, "cli", "paas"), "");
        File.WriteAllText(Path.Combine(_prefix, "cli", "paas.dll"), "");
        Assert.Equal(SshHelperCommand.Self(), SshHelperCommand.Helper(node));
    }
}
