using OrleansPaas.Gateway.Git;
using OrleansPaas.Gateway.Ssh;

namespace OrleansPaas.Tests.Ssh;

/// <summary>What the forced command accepts: git of a valid app, paas commands, and a sentence for anything else.</summary>
public sealed class SshRemoteCommandTests
{
    [Theory]
    [InlineData("git-receive-pack 'blog.git'", "git-receive-pack", "blog")]
    [InlineData("git-receive-pack '/blog.git'", "git-receive-pack", "blog")]
    [InlineData("git-upload-pack '~/www.example.com.git/'", "git-upload-pack", "www.example.com")]
    [InlineData("git upload-pack blog", "git-upload-pack", "blog")]
    public void Parse_GitOfAnApp_NamesTheServiceAndTheApp(string original, string service, string app)
    {
        var command = SshRemoteCommand.Parse(original);

        Assert.Null(command.Refusal);
        Assert.Equal(GitService.FromQuery(service), command.Git);
        Assert.Equal(app, command.App.Value);
    }

    [Theory]
    [InlineData("git-receive-pack '../etc.git'")]
    [InlineData("git-receive-pack 'Blog.git'")]
    [InlineData("git-upload-archive 'blog.git'")]
    [InlineData("git-receive-pack 'blog.git' extra")]
    [InlineData("")]
    [InlineData("apps:list 'unclosed")]
    public void Parse_AnythingElseOfGit_IsOneSentence(string original)
    {
        var command = SshRemoteCommand.Parse(original);

        Assert.Null(command.Git);
        Assert.NotNull(command.Refusal);
        Assert.DoesNotContain('\n', command.Refusal);
        Assert.EndsWith(".", command.Refusal);
    }

    [Fact]
    public void Parse_APaasCommand_IsSplitIntoWordsLikeAShellWould()
    {
        var command = SshRemoteCommand.Parse("config:set blog 'GREETING=hello world' \"A=\\\"b\\\"\" --no-restart");

        Assert.Null(command.Refusal);
        Assert.Null(command.Git);
        Assert.Equal(["config:set", "blog", "GREETING=hello world", "A=\"b\"", "--no-restart"], command.CliArguments);
    }

    [Theory]
    [InlineData("platform:backup")]
    [InlineData("platform:backup /etc/passwd")]
    [InlineData("certs:add blog /root/cert.pem /root/key.pem")]
    [InlineData("ssh-keys:add alice /root/.ssh/id_ed25519.pub")]
    [InlineData("ssh-keys:add --role read alice /etc/shadow")]
    [InlineData("ssh-keys:add ci --app - /root/secret")]
    [InlineData("login http://elsewhere.example")]
    [InlineData("services:export db")]
    [InlineData("services:import db /root/dump")]
    [InlineData("services:connect db")]
    public void Parse_ACommandOnTheNodesOwnFiles_IsRefused(string original)
    {
        var command = SshRemoteCommand.Parse(original);

        Assert.Empty(command.CliArguments);
        Assert.Contains("over SSH is the node", command.Refusal);
    }

    [Theory]
    [InlineData("ssh-keys:add alice -")]
    [InlineData("ssh-keys:add --role read alice -")]
    [InlineData("ssh-keys:add alice - --role deploy")]
    [InlineData("ssh-keys:add ci --app blog --role deploy -")]
    [InlineData("ssh-keys:add ci - --role deploy --app blog --app wiki")]
    [InlineData("apps:list")]
    public void Parse_CommandsThatTouchNoLocalFile_AreHandedToTheCli(string original)
    {
        var command = SshRemoteCommand.Parse(original);

        Assert.Null(command.Refusal);
        Assert.NotEmpty(command.CliArguments);
    }
}
