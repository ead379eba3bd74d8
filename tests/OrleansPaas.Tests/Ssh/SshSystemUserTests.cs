using OrleansPaas.Gateway.Ssh;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Ssh;

/// <summary>The SSH user the node serves: never a person's account, whose own SSH logins it would take over.</summary>
public sealed class SshSystemUserTests
{
    [Fact]
    public async Task Ensure_APersonsAccount_IsRefusedWithOneSentence()
    {
        // A real account as `useradd` makes people's (uid from 1000 on), removed again at the end.
        var name = "pp" + Guid.NewGuid().ToString("N")[..10];
        var added = await ProcessRunner.RunAsync("useradd", ["--no-create-home", "--shell", "/bin/sh", name]);
        Assert.True(added.ExitCode == 0, added.ToString());
        try
        {
            var (user, problem) = await SshSystemUser.EnsureAsync(name, CancellationToken.None);

            Assert.Null(user);
            Assert.StartsWith($"Paas:Ssh:User '{name}' is a person's account (uid ", problem);
            Assert.Single(problem!.Split('\n'));
        }
        finally
        {
            await ProcessRunner.RunAsync("userdel", [name]);
        }
    }
}
