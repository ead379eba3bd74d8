using OrleansPaas.Configuration.Credentials;

namespace OrleansPaas.Tests.Configuration.Credentials;

public sealed class SingleNodeCertificateTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "paas-cert-" + Guid.NewGuid().ToString("N")[..8]);

    public SingleNodeCertificateTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void LoadOrCreate_FirstStart_WritesAKeyOwnerOnly_LaterStartsReuseIt()
    {
        var path = Path.Combine(_dir, "silo.pfx");

        using var first = SingleNodeCertificate.LoadOrCreate(path);
        using var again = SingleNodeCertificate.LoadOrCreate(path);

        Assert.True(first.HasPrivateKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.True(new NodeCredential(first).Admits(again));
        using var elsewhere = SingleNodeCertificate.LoadOrCreate(Path.Combine(_dir, "other.pfx"));
        Assert.False(new NodeCredential(first).Admits(elsewhere));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
