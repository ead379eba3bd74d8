using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Cluster;

/// <summary>
/// An idle single node keeps out of memory what only a cluster or another host needs (issue 22):
/// the PostgreSQL driver, HTTP/3's QUIC transport and IIS integration. The runtime maps an
/// assembly's file when it loads it, so the process's memory map says which were loaded.
/// </summary>
public sealed class SingleNodeAssembliesTests
{
    [Fact]
    public async Task SingleNode_Serving_HasNotLoadedTheClusterDriverQuicOrIis()
    {
        await using var node = new PaasNode();
        await node.StartAsync();
        // The API answered too, so the control plane's first request has run.
        using var api = node.Api();
        (await api.GetAsync("/api/apps")).EnsureSuccessStatusCode();

        var loaded = File.ReadLines($"/proc/{node.ProcessId}/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
            .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToHashSet();

        Assert.Contains("OrleansPaas.Silo.dll", loaded);
        Assert.DoesNotContain("Npgsql.dll", loaded);
        Assert.DoesNotContain("System.Net.Quic.dll", loaded);
        Assert.DoesNotContain("Microsoft.AspNetCore.Server.Kestrel.Transport.Quic.dll", loaded);
        Assert.DoesNotContain("Microsoft.AspNetCore.Server.IIS.dll", loaded);
    }
}
