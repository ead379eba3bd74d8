using OrleansPaas.Gateway;
using OrleansPaas.Grains;
using OrleansPaas.Grains.Runtime;
using OrleansPaas.Silo.Hosting;

// Settings ship next to the binary; the working directory is the user's (it anchors ./data).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var options = builder.ReadPaasOptions();

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

builder.UseControlUrls(options);
builder.AddPaasSilo(options);
builder.Services.AddPaasOptions();
builder.Services.AddPaasRuntime();
builder.Services.AddPaasGateway();
builder.Services.AddPaasControlPlane();

var app = builder.Build();
app.MapPaasControlPlane();
await app.RunAsync();
return 0;
