using OrleansPaas.Ssh;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Ssh;

/// <summary>The key rules of ssh-keys:add, on keys made by the real ssh-keygen.</summary>
public sealed class SshPublicKeyTests
{
    [Theory]
    [InlineData("ed25519", null, "ssh-ed25519", 256)]
    [InlineData("ecdsa", 256, "ecdsa-sha2-nistp256", 256)]
    [InlineData("ecdsa", 521, "ecdsa-sha2-nistp521", 521)]
    [InlineData("rsa", 2048, "ssh-rsa", 2048)]
    public async Task TryParse_AcceptedKey_HasSshKeygensFingerprint(string type, int? bits, string expectedType, int expectedBits)
    {
        using var pair = await SshKeyPair.CreateAsync(type, bits);

        Assert.True(SshPublicKey.TryParse(pair.PublicKey, out var key, out var error), error);

        Assert.Equal(expectedType, key.Type);
        Assert.Equal(expectedBits, key.Bits);
        Assert.Equal(await pair.FingerprintAsync(), key.Fingerprint);
    }

    [Fact]
    public async Task TryParse_Rsa1024_IsRefusedWithItsSize()
    {
        using var pair = await SshKeyPair.CreateAsync("rsa", 1024);

        Assert.False(SshPublicKey.TryParse(pair.PublicKey, out _, out var error));

        Assert.Equal("the RSA key has 1024 bits; at least 2048 are needed (or use an Ed25519 key)", error);
    }

    [Fact]
    public void TryParse_DsaKey_IsRefusedByType()
    {
        // ssh-keygen no longer makes DSA keys everywhere; the refusal reads only the type.
        Assert.False(SshPublicKey.TryParse("ssh-dss AAAAB3NzaC1kc3MAAACBAP8= old", out _, out var error));

        Assert.Equal("'ssh-dss' keys are refused: add an Ed25519, ECDSA or RSA (at least 2048 bits) key", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----")]
    [InlineData("ssh-ed25519 not*base64")]
    public void TryParse_NotAPublicKeyLine_IsRefusedWithASentence(string line)
    {
        Assert.False(SshPublicKey.TryParse(line, out _, out var error));

        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public async Task TryParse_TypeLabelThatLiesAboutTheKey_IsRefused()
    {
        using var pair = await SshKeyPair.CreateAsync("rsa", 2048);
        var blob = pair.PublicKey.Split(' ')[1];

        Assert.False(SshPublicKey.TryParse($"ssh-ed25519 {blob}", out _, out var error));

        Assert.Contains("do not hold a 'ssh-ed25519' key", error);
    }
}
