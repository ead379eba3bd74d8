namespace OrleansPaas.Tests.Support;

/// <summary>A key pair made by the real ssh-keygen in a folder of its own (removed on dispose).</summary>
public sealed class SshKeyPair : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paas-sshkey-" + Guid.NewGuid().ToString("N"));

    private SshKeyPair()
    {
        Directory.CreateDirectory(_directory);
    }

    public string PrivateKeyPath => Path.Combine(_directory, "id");

    public string PublicKeyPath => PrivateKeyPath + ".pub";

    public string PublicKey => File.ReadAllText(PublicKeyPath).Trim();

    /// <param name="type">ssh-keygen's -t: ed25519, rsa, ecdsa, dsa.</param>
    public static async Task<SshKeyPair> CreateAsync(string type = "ed25519", int? bits = null)
    {
        var pair = new SshKeyPair();
        var arguments = new List<string> { "-q", "-t", type, "-N", "", "-C", $"test-{type}", "-f", pair.PrivateKeyPath };
        if (bits is { } size)
        {
            arguments.AddRange(["-b", size.ToString()]);
        }

        var made = await ProcessRunner.RunAsync("ssh-keygen", arguments);
        Assert.True(made.ExitCode == 0, $"ssh-keygen {string.Join(' ', arguments)}: {made}");
        return pair;
    }

    /// <summary>ssh-keygen's own SHA256 fingerprint of the public key.</summary>
    public async Task<string> FingerprintAsync()
    {
        var listed = await ProcessRunner.RunAsync("ssh-keygen", ["-l", "-E", "sha256", "-f", PublicKeyPath]);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        return listed.StandardOutput.Split(' ')[1];
    }

    /// <summary>
    /// The ssh command git and the tests use with this key only: no agent, no other identities, no
    /// questions (the node's host key is new to every test).
    /// </summary>
    public string SshCommand(int port) =>
        $"ssh -p {port} -i {PrivateKeyPath} -o IdentitiesOnly=yes -o IdentityAgent=none -o BatchMode=yes "
        + "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR";

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
