using System.Net;
using OrleansPaas.Gateway.Ssh;

namespace OrleansPaas.Tests.Ssh;

/// <summary>The sshd_config the node writes: keys only, no shell of its own, nothing forwarded; and the forced command sshd runs.</summary>
public sealed class SshdConfigurationTests
{
    [Fact]
    public void Text_AllowsOnlyKeysOfOneUserAndNoForwarding()
    {
        var text = SshdConfiguration.Text(IPEndPoint.Parse("[::]:2222"), "/data/ssh/key", "paas", "/bin/node ssh-authorized-keys /run/s.sock %f");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToHashSet();

        Assert.Contains("ListenAddress [::]:2222", lines);
        Assert.Contains("AllowUsers paas", lines);
        Assert.Contains("AuthenticationMethods publickey", lines);
        Assert.Contains("PasswordAuthentication no", lines);
        Assert.Contains("KbdInteractiveAuthentication no", lines);
        Assert.Contains("AuthorizedKeysFile none", lines);
        Assert.Contains("AuthorizedKeysCommand /bin/node ssh-authorized-keys /run/s.sock %f", lines);
        Assert.Contains("AuthorizedKeysCommandUser paas", lines);
        Assert.Contains("DisableForwarding yes", lines);
        Assert.Contains("PermitTTY no", lines);
        Assert.Contains("PermitTunnel no", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Subsystem", StringComparison.Ordinal));
    }

    [Fact]
    public void AuthorizedKeysLine_RestrictsTheKeyToTheQuotedForcedCommand()
    {
        var line = SshHelperCommand.AuthorizedKeysLine(["/usr/bin/dotnet", "/opt/it's/OrleansPaas.Silo.dll"], "/run/s.sock", "SHA256:ab+/c", "ssh-ed25519 AAAA");

        Assert.Equal(
            """restrict,command="'/usr/bin/dotnet' '/opt/it'\''s/OrleansPaas.Silo.dll' 'ssh-command' '/run/s.sock' 'SHA256:ab+/c'" ssh-ed25519 AAAA""",
            line);
    }
}
