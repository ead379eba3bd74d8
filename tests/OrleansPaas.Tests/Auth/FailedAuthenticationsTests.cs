using System.Net;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Tests.Auth;

public sealed class FailedAuthenticationsTests
{
    [Fact]
    public void TryRecord_21stRefusalFromOneAddress_IsOneTooMany_OtherAddressesUnaffected()
    {
        using var failures = new FailedAuthentications();
        var guesser = From("192.0.2.1");

        for (var refusal = 1; refusal <= FailedAuthentications.PerWindow; refusal++)
        {
            Assert.False(failures.IsLockedOut(guesser));
            Assert.True(failures.TryRecord(guesser), $"refusal {refusal} was limited");
        }

        Assert.True(failures.IsLockedOut(guesser));
        Assert.False(failures.TryRecord(guesser));
        Assert.False(failures.IsLockedOut(From("192.0.2.2")));
        // The same client over a dual-stack socket is the same address.
        Assert.True(failures.IsLockedOut(From("::ffff:192.0.2.1")));
    }

    [Fact]
    public void TryRecord_IPv6_CountsTheWhole64_NotEachAddress()
    {
        using var failures = new FailedAuthentications();

        // Every refusal from a new address of one /64: the 21st is still one too many.
        for (var refusal = 1; refusal <= FailedAuthentications.PerWindow; refusal++)
        {
            Assert.True(failures.TryRecord(From($"2001:db8:1:2::{refusal:x}")), $"refusal {refusal} was limited");
        }

        Assert.False(failures.TryRecord(From("2001:db8:1:2:ffff::1")));
        Assert.False(failures.IsLockedOut(From("2001:db8:1:3::1")));
    }

    private static DefaultHttpContext From(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }
}
