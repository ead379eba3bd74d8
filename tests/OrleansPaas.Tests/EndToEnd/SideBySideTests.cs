using System.Net;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

[Collection(NodeCollection.Name)]
public sealed class SideBySideTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;

    /// <summary>Every row of the seed table: sub-domains of the platform domain and full domains.</summary>
    [Fact]
    public async Task Push_TwoAppsIncludingAFullDomain_AreServedSideBySideAtTheirOwnHosts()
    {
        var sub = NodeFixture.NewAppName("www");
        var full = $"{NodeFixture.NewAppName("www")}.somekindasite.com";
        using var a = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "I am the sub-domain app");
        using var b = await AppSource.CreateAsync(AppSource.StaticSiteDockerfile(), "I am the full-domain app");

        // Both pushes at once: different apps build in parallel.
        var pushes = await Task.WhenAll(a.PushAsync(Node.RemoteUrl(sub)), b.PushAsync(Node.RemoteUrl(full)));

        Assert.All(pushes, p => Assert.True(p.ExitCode == 0, p.Output));
        Assert.Contains($"Application deployed: http://{full}", pushes[1].Output);
        Assert.Equal((HttpStatusCode.OK, "I am the sub-domain app\n"), await Node.GetAsync($"{sub}.{PaasNode.Domain}"));
        Assert.Equal((HttpStatusCode.OK, "I am the full-domain app\n"), await Node.GetAsync(full));
        Assert.Equal(HttpStatusCode.NotFound, (await Node.GetAsync($"{full}.{PaasNode.Domain}")).Status);
    }
}
