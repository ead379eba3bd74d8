using System.Net;
using Microsoft.AspNetCore.Http;
using OrleansPaas.Gateway.Routing;

namespace OrleansPaas.Tests.Routing;

/// <summary>What a client says about where it is from never reaches the app: the gateway writes those headers itself.</summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task TransformRequest_ClientsOwnForwardingHeaders_AreReplacedByTheGateways()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.9.8.7");
        context.Request.Scheme = "http";
        context.Request.Method = "GET";
        context.Request.Host = new HostString("blog.example.test");
        context.Request.Path = "/";
        context.Request.Headers["Forwarded"] = "for=1.2.3.4;proto=https";
        context.Request.Headers["X-Real-IP"] = "1.2.3.4";
        context.Request.Headers["X-Forwarded-For"] = "1.2.3.4";
        using var proxied = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:5000/");

        await ForwardedHeaders.Instance.TransformRequestAsync(context, proxied, "http://127.0.0.1:5000", CancellationToken.None);

        Assert.Equal(["for=10.9.8.7;host=blog.example.test;proto=http"], proxied.Headers.GetValues("Forwarded"));
        Assert.Equal(["10.9.8.7"], proxied.Headers.GetValues("X-Real-IP"));
        Assert.Equal(["10.9.8.7"], proxied.Headers.GetValues("X-Forwarded-For"));
    }

    [Fact]
    public void Forwarded_IPv6Client_IsQuotedAndBracketed()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("2001:db8::1");
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("blog.example.test:8443");

        Assert.Equal("for=\"[2001:db8::1]\";host=\"blog.example.test:8443\";proto=https", ForwardedHeaders.Forwarded(context));
    }
}
