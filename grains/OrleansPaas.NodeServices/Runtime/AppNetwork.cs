using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using OrleansPaas.Configuration;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// Makes sure the apps' network exists on this node's engine: a bridge with inter-container
/// traffic off, so one app cannot reach another app's container directly, only through the
/// gateway; the node itself (its gateway) still reaches every container on its address.
/// </summary>
public sealed class AppNetwork(DockerClientProvider docker, IOptions<PaasOptions> options)
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _ready;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _once.WaitAsync(cancellationToken);
        try
        {
            if (!_ready)
            {
                await CreateUnlessPresentAsync(options.Value.Deploy.Network, cancellationToken);
                _ready = true;
            }
        }
        finally
        {
            _once.Release();
        }
    }

    private async Task CreateUnlessPresentAsync(string name, CancellationToken cancellationToken)
    {
        var existing = await docker.Client.Networks.ListNetworksAsync(new NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
        }, cancellationToken);
        if (existing.Any(n => n.Name == name))
        {
            return;
        }

        try
        {
            await docker.Client.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = name,
                Driver = "bridge",
                CheckDuplicate = true,
                Options = new Dictionary<string, string> { ["com.docker.network.bridge.enable_icc"] = "false" },
                Labels = new Dictionary<string, string> { ["paas.network"] = "apps" },
            }, cancellationToken);
        }
        catch (DockerApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Another node on the same engine created it meanwhile.
        }
    }
}
