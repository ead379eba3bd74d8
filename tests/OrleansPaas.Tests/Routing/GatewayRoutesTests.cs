using OrleansPaas.Gateway.Routing;
using OrleansPaas.Routing;

namespace OrleansPaas.Tests.Routing;

public sealed class GatewayRoutesTests
{
    private static GatewayRoutes Build(string node, params RouteEntry[] entries) => new(new RouteSnapshot(3, entries), node);

    [Fact]
    public void TryGet_OwnNodesInstance_GoesToTheContainerAddress_OtherNodesToThePublishedPort()
    {
        var entry = new RouteEntry("blog", ["blog.example.com"], ["10.0.0.1:40001", "10.0.0.2:40002"], Backends:
        [
            new RouteBackend("n1", "10.0.0.1:40001", "172.17.0.5:5000"),
            new RouteBackend("n2", "10.0.0.2:40002", "172.17.0.5:5000"),
        ]);

        Assert.True(Build("n1", entry).TryGet("blog.example.com", out var route));

        Assert.Equal(["http://10.0.0.2:40002/", "http://172.17.0.5:5000/"], Enumerable.Range(0, 2).Select(_ => route.Next()).Order());
    }

    [Fact]
    public void TryGet_EntryStoredBeforeBackends_UsesItsEndpoints()
    {
        var entry = new RouteEntry("blog", ["blog.example.com"], ["127.0.0.1:40001"]);

        Assert.True(Build("n1", entry).TryGet("blog.example.com", out var route));

        Assert.Equal("http://127.0.0.1:40001/", route.Next());
    }

    [Fact]
    public void TryGet_HostDiffersInCase_FindsTheApp_UnknownHostFindsNothing()
    {
        var routes = Build("n1", new RouteEntry("blog", ["blog.example.com", "www.blog.test"], ["127.0.0.1:1"]));

        Assert.True(routes.TryGet("WWW.Blog.Test", out var route));
        Assert.Equal("blog", route.App);
        Assert.False(routes.TryGet("other.example.com", out _));
        Assert.Equal(3, routes.Version);
    }

    [Fact]
    public void Unavailable_StoppedOrWithoutInstances_SaysWhy()
    {
        var routes = Build("n1",
            new RouteEntry("off", ["off.test"], ["127.0.0.1:1"], Stopped: true),
            new RouteEntry("zero", ["zero.test"], []),
            new RouteEntry("up", ["up.test"], ["127.0.0.1:2"]));

        Assert.True(routes.TryGet("off.test", out var off));
        Assert.True(routes.TryGet("zero.test", out var zero));
        Assert.True(routes.TryGet("up.test", out var up));
        Assert.Equal("stopped", off.Unavailable);
        Assert.Equal("scaled to zero", zero.Unavailable);
        Assert.Null(up.Unavailable);
    }

    [Fact]
    public void Next_RoundRobin_SpreadsEvenly_OtherNeverRepeatsTheFailedOne()
    {
        var route = new AppRoute("web", ["http://a/", "http://b/", "http://c/"], null);

        var picks = Enumerable.Range(0, 300).Select(_ => route.Next()).GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(new Dictionary<string, int> { ["http://a/"] = 100, ["http://b/"] = 100, ["http://c/"] = 100 }, picks);
        Assert.All(Enumerable.Range(0, 10), _ => Assert.NotEqual("http://b/", route.Other("http://b/")));
        Assert.Null(new AppRoute("one", ["http://a/"], null).Other("http://a/"));
    }

    [Fact]
    public void TryGetHost_TheAppsCertificateServesTheHostsItNames_OnlyThose()
    {
        using var ca = new OrleansPaas.Tests.Support.TestCertificateAuthority();
        var (chain, key, _) = ca.Issue(["blog.example.com"]);
        var certificate = OrleansPaas.Grains.Tls.CertificateReader.Read(chain, key, "own", DateTimeOffset.UtcNow, out _)!;
        var broken = certificate with { KeyPem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" };
        var tls = new OrleansPaas.Tls.TlsSnapshot(7,
            [new("blog", certificate, true), new("shop", broken, true)],
            new Dictionary<string, string> { ["token-1"] = "token-1.thumbprint" });
        var certificates = OrleansPaas.Gateway.Tls.ServedCertificates.Empty.Next(tls, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var routes = new GatewayRoutes(new RouteSnapshot(3,
        [
            new RouteEntry("blog", ["blog.example.com", "www.blog.test"], ["127.0.0.1:1"]),
            new RouteEntry("shop", ["shop.example.com"], ["127.0.0.1:2"]),
            new RouteEntry("plain", ["plain.example.com"], ["127.0.0.1:3"]),
        ]), "n1", certificates);

        Assert.True(routes.TryGetHost("BLOG.example.com", out var blog));
        Assert.NotNull(blog.Tls);
        Assert.True(blog.Tls.Hsts);
        Assert.True(routes.TryGetHost("www.blog.test", out var other));
        Assert.Null(other.Tls);
        // A certificate that cannot be loaded leaves its app without TLS, never takes the others down.
        Assert.True(routes.TryGetHost("shop.example.com", out var shop));
        Assert.Null(shop.Tls);
        Assert.True(routes.TryGetHost("plain.example.com", out var plain));
        Assert.Null(plain.Tls);
        Assert.Equal("token-1.thumbprint", routes.Certificates.Challenges["token-1"]);
        Assert.Equal(7, routes.Certificates.Version);
        Assert.Equal(3, routes.Version);
    }
}
