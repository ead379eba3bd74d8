using OrleansPaas.Grains.Tls;
using OrleansPaas.Tests.Support;
using OrleansPaas.Tls;

namespace OrleansPaas.Tests.Tls;

public sealed class CertificateReaderTests : IDisposable
{
    private readonly TestCertificateAuthority _ca = new();
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_ChainAndItsKey_GivesNamesValidityAndFingerprint_KeyAsPkcs8(bool rsa)
    {
        var (chain, key, leaf) = _ca.Issue(["blog.example.test", "www.blog.test"], rsa: rsa);

        var certificate = CertificateReader.Read(chain, key, AppCertificate.OwnSource, Now, out var problem);

        Assert.Null(problem);
        Assert.NotNull(certificate);
        Assert.Equal(["blog.example.test", "www.blog.test"], certificate.Names);
        Assert.Equal(leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant(), certificate.Fingerprint);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(certificate.ChainPem, "BEGIN CERTIFICATE"));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", certificate.KeyPem);
    }

    [Fact]
    public void Read_KeyOfAnotherCertificate_IsRefused()
    {
        var (chain, _, _) = _ca.Issue(["blog.example.test"]);
        var (_, otherKey, _) = _ca.Issue(["blog.example.test"]);

        Assert.Null(CertificateReader.Read(chain, otherKey, AppCertificate.OwnSource, Now, out var problem));
        Assert.Equal("the private key does not belong to the certificate", problem);
    }

    [Fact]
    public void Read_ExpiredOrNotYetValid_IsRefusedWithTheDate()
    {
        var (expired, expiredKey, _) = _ca.Issue(["blog.example.test"], Now.AddDays(-30), Now.AddDays(-1));
        var (future, futureKey, _) = _ca.Issue(["blog.example.test"], Now.AddDays(2), Now.AddDays(30));

        Assert.Null(CertificateReader.Read(expired, expiredKey, AppCertificate.OwnSource, Now, out var expiredProblem));
        Assert.StartsWith("the certificate expired on", expiredProblem);
        Assert.Null(CertificateReader.Read(future, futureKey, AppCertificate.OwnSource, Now, out var futureProblem));
        Assert.StartsWith("the certificate is not valid before", futureProblem);
    }

    [Theory]
    [InlineData("", "no PEM certificate")]
    [InlineData("hello", "no PEM certificate")]
    public void Read_NoCertificate_IsRefused(string chain, string expected)
    {
        var (_, key, _) = _ca.Issue(["blog.example.test"]);

        Assert.Null(CertificateReader.Read(chain, key, AppCertificate.OwnSource, Now, out var problem));
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void Read_KeyFileWithoutAKey_IsRefused()
    {
        var (chain, _, _) = _ca.Issue(["blog.example.test"]);

        Assert.Null(CertificateReader.Read(chain, chain, AppCertificate.OwnSource, Now, out var problem));
        Assert.Contains("no unencrypted PEM private key", problem);
    }

    [Theory]
    [InlineData("blog.example.test", "blog.example.test", true)]
    [InlineData("blog.example.test", "BLOG.example.test", true)]
    [InlineData("*.example.test", "blog.example.test", true)]
    [InlineData("*.example.test", "a.blog.example.test", false)]
    [InlineData("*.example.test", "example.test", false)]
    [InlineData("blog.example.test", "www.blog.example.test", false)]
    public void HostMatches_ExactOrOneLabelWildcard(string name, string host, bool matches) =>
        Assert.Equal(matches, AppCertificate.HostMatches(name, host));

    public void Dispose() => _ca.Dispose();
}
