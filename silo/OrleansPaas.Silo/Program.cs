using OrleansPaas.Configuration;
using OrleansPaas.Dashboard;
using OrleansPaas.Gateway;
using OrleansPaas.Gateway.Telemetry;
using OrleansPaas.Grains;
using OrleansPaas.Grains.Runtime;
using OrleansPaas.Silo.Hosting;

// Before any socket exists (the runtime reads it once): socket completions run on the I/O thread
// instead of being queued to the thread pool. The gateway's forwarding is all asynchronous I/O, and
// this handoff was its largest cost (bench/gateway.sh, issue 9). Set it to 0 to opt out.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

// Settings ship next to the binary; the working directory is the user's (it anchors ./data).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var options = builder.ReadPaasOptions();

if (TokenPreflight.Check(options) is { } tokenProblem)
{
    Console.Error.WriteLine(tokenProblem);
    return 1;
}

if (OrleansPaas.Gateway.Tls.ControlCertificates.Problem(options) is { } tlsProblem)
{
    Console.Error.WriteLine(tlsProblem);
    return 1;
}

if (OtlpTarget.Problem(options.Telemetry) is { } otlpProblem)
{
    Console.Error.WriteLine(otlpProblem);
    return 1;
}

PrivateDataDir.Prepare(options);

if (await DockerClientProvider.CheckReachableAsync(options.DockerEndpoint, CancellationToken.None) is { } dockerProblem)
{
    Console.Error.WriteLine(dockerProblem);
    return 1;
}

if (await ClusterPreflight.CheckAsync(options, CancellationToken.None) is { } clusterProblem)
{
    Console.Error.WriteLine(clusterProblem);
    return 1;
}

try
{
    builder.UseControlUrls(options);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}

builder.AddPaasSilo(options);
builder.Services.AddPaasOptions();
builder.Services.AddPaasRuntime();
builder.Services.AddPaasGateway();
builder.Services.AddPaasControlPlane();
builder.Services.AddPaasTelemetry(options);
builder.Services.AddPaasDashboard();

var app = builder.Build();
app.MapPaasControlPlane();
app.MapPaasDashboard();
await app.RunAsync();
return 0;
