using System.Net;
using System.Text.Json;
using OrleansPaas.Tests.EndToEnd;
using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.Dashboard;

/// <summary>
/// The dashboard's services page on a real node (the stand-in Redis image): a service appears with its kind,
/// version, node and status and no backup; after a backup, its id and "ok"; after the backup's file is damaged
/// and verified again, "failed" with the reason — never silent.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class ServicesDashboardTests(NodeFixture fixture)
{
    private PaasNode Node => fixture.Node;
    private PaasCli Cli => new(Node);

    [Fact]
    public async Task ServicesPage_ShowsServiceAndItsLastBackupsVerification()
    {
        var cache = NodeFixture.NewAppName("dcache");
        try
        {
            await Cli.OkAsync("services:create", "redis", cache);
            using var http = LoopbackSource.Client(LoopbackSource.NewAddress(), new CookieContainer());
            Assert.Equal(HttpStatusCode.Redirect, (await new DashboardLogin(Node, http).PostAsync(Node.Token)).StatusCode);

            var before = Row(await http.GetStringAsync($"{Node.ControlUrl}/services"), cache);
            Assert.Contains("<td>redis</td>", before, StringComparison.Ordinal);
            Assert.Contains("<td>7</td>", before, StringComparison.Ordinal);
            Assert.Contains("<span>none</span>", before, StringComparison.Ordinal);

            var backup = JsonDocument.Parse(await Cli.OkAsync("services:backup", cache, "--json")).RootElement;
            var id = backup.GetProperty("id").GetString()!;
            var proven = Row(await http.GetStringAsync($"{Node.ControlUrl}/services"), cache);
            Assert.Contains(id, proven, StringComparison.Ordinal);
            Assert.Contains("verification-ok", proven, StringComparison.Ordinal);

            var dump = Path.Combine(Node.DataDir, "backups", "services", cache, id + ".rdb");
            var bytes = await File.ReadAllBytesAsync(dump);
            bytes[bytes.Length / 2] ^= 0xFF;
            await File.WriteAllBytesAsync(dump, bytes);
            await Cli.FailsAsync("services:backup-verify", cache, id);
            var failed = Row(await http.GetStringAsync($"{Node.ControlUrl}/services"), cache);
            Assert.Contains("verification-failed", failed, StringComparison.Ordinal);
            Assert.Contains("does not match its checksum", WebUtility.HtmlDecode(failed), StringComparison.Ordinal);
        }
        finally
        {
            await Cli.RunAsync("services:destroy", cache, "--force");
        }
    }

    /// <summary>The service's row of the page (from its <c>data-service</c> attribute to the row's end).</summary>
    private static string Row(string page, string service)
    {
        var start = page.IndexOf($"data-service=\"{service}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the services page has no row for {service}: {page}");
        return page[start..page.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
