using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// A private ACME server for the tests: Debian's <c>pebble</c>, validating HTTP-01 on
/// <c>127.0.0.1:&lt;gateway port&gt;</c>, with <c>pebble-challtestsrv</c> as its DNS answering
/// 127.0.0.1 for every name. Its own HTTPS is signed by a test CA whose root the nodes trust
/// through <c>Paas:Acme:TrustedCaFile</c>.
/// </summary>
public sealed class PebbleServer : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly string _dir = Directory.CreateTempSubdirectory("paas-pebble-").FullName;
    private readonly TestCertificateAuthority _front = new("Pebble Front Test CA");
    private readonly int _acmePort = FreePorts.Next();
    private readonly int _managementPort = FreePorts.Next();
    private readonly int _dnsManagementPort = FreePorts.Next();

    public string DirectoryUrl => $"https://127.0.0.1:{_acmePort}/dir";

    /// <summary>The PEM file a node must trust to talk to this server (<c>Paas:Acme:TrustedCaFile</c>).</summary>
    public string TrustedCaFile => Path.Combine(_dir, "front-root.pem");


    /// <summary>Starts pebble. Its URL and trusted-root file are known before, so a node can be configured first.</summary>
    /// <param name="validationPort">Where pebble connects for HTTP-01: a node's gateway HTTP port.</param>
    /// <param name="certificateValidity">Lifetime of issued certificates (default pebble's five years).</param>
    public Task StartAsync(int validationPort, int rejectedNoncePercent = 15, TimeSpan? certificateValidity = null) =>
        LaunchAsync(validationPort, rejectedNoncePercent, certificateValidity);

    /// <summary>Makes <paramref name="host"/> resolve to <paramref name="address"/> for pebble (e.g. where nothing listens).</summary>
    public async Task PointHostAtAsync(string host, string address)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"http://127.0.0.1:{_dnsManagementPort}/add-a",
            new StringContent(JsonSerializer.Serialize(new { host, addresses = new[] { address } })));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The root that issued certificates chain to (pebble makes a new one per start).</summary>
    public async Task<X509Certificate2> IssuingRootAsync()
    {
        using var http = Client();
        var pem = await http.GetStringAsync($"https://127.0.0.1:{_managementPort}/roots/0");
        return X509Certificate2.CreateFromPem(pem);
    }

    private async Task LaunchAsync(int validationPort, int rejectedNoncePercent, TimeSpan? certificateValidity)
    {
        var (chain, key, _) = _front.Issue(["127.0.0.1", "localhost"]);
        await File.WriteAllTextAsync(Path.Combine(_dir, "cert.pem"), chain);
        await File.WriteAllTextAsync(Path.Combine(_dir, "key.pem"), key);
        await File.WriteAllTextAsync(TrustedCaFile, _front.Root.ExportCertificatePem());
        var dnsPort = FreePorts.Next();
        var config = new
        {
            pebble = new
            {
                listenAddress = $"127.0.0.1:{_acmePort}",
                managementListenAddress = $"127.0.0.1:{_managementPort}",
                certificate = Path.Combine(_dir, "cert.pem"),
                privateKey = Path.Combine(_dir, "key.pem"),
                httpPort = validationPort,
                tlsPort = FreePorts.Next(),
                ocspResponderURL = "",
                externalAccountBindingRequired = false,
                certificateValidityPeriod = (long)(certificateValidity ?? TimeSpan.FromDays(5 * 365)).TotalSeconds,
            },
        };
        var configFile = Path.Combine(_dir, "pebble.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config));

        Launch("pebble-challtestsrv", ["-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", $"127.0.0.1:{dnsPort}",
            "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", $"127.0.0.1:{_dnsManagementPort}"], []);
        // No random wait before validating; some nonces refused, as real servers do, so the client's retry is exercised.
        Launch("pebble", ["-config", configFile, "-dnsserver", $"127.0.0.1:{dnsPort}"],
            new() { ["PEBBLE_VA_NOSLEEP"] = "1", ["PEBBLE_WFE_NONCEREJECT"] = rejectedNoncePercent.ToString() });

        using var http = Client();
        await Poll.UntilAsync(async () => (await http.GetAsync(DirectoryUrl)).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "pebble to serve its directory");
    }

    private void Launch(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(Path.Combine(_dir, program + ".log")) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private HttpClient Client() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && _front.ChainsToRoot(certificate),
    });

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _front.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
