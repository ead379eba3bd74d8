using OrleansPaas.Grains.Tls;
using OrleansPaas.Tls;

namespace OrleansPaas.Tests.Tls;

public sealed class RenewalPolicyTests
{
    private static readonly DateTimeOffset Issued = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AppCertificate Certificate(string source = AppCertificate.LetsEncryptSource) =>
        new("chain", "key", source, ["blog.example.com"], Issued, Issued.AddDays(90), "CN=blog", "CN=ca", "ff");

    [Fact]
    public void IsDue_OnlyOnceAThirdOfTheLifetimeIsLeft()
    {
        Assert.Equal(Issued.AddDays(60), RenewalPolicy.RenewsAt(Certificate()));
        Assert.False(RenewalPolicy.IsDue(Certificate(), 0, null, Issued.AddDays(59)));
        Assert.True(RenewalPolicy.IsDue(Certificate(), 0, null, Issued.AddDays(60)));
    }

    [Fact]
    public void IsDue_WithoutAnAcmeCertificate_AtOnce_AnOwnCertificateIsNeverRenewed()
    {
        Assert.True(RenewalPolicy.IsDue(null, 0, null, Issued));
        Assert.Null(RenewalPolicy.RenewsAt(Certificate(AppCertificate.OwnSource)));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 24)]
    [InlineData(30, 24)]
    public void IsDue_AfterFailures_WaitsTwiceAsLongEachTime_AtMostADay(int failures, int hours)
    {
        var failedAt = Issued.AddDays(61);
        Assert.Equal(TimeSpan.FromHours(hours), RenewalPolicy.RetryWait(failures));
        Assert.False(RenewalPolicy.IsDue(Certificate(), failures, failedAt, failedAt.AddHours(hours).AddMinutes(-1)));
        Assert.True(RenewalPolicy.IsDue(Certificate(), failures, failedAt, failedAt.AddHours(hours)));
    }
}
