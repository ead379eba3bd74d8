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
                await EnsureBridgeAsync(docker.Client, options.Value.Deploy.Network, cancellationToken);
                _ready = true;
            }
        }
        finally
        {
            _once.Release();
        }
    }

    /// <summary>Creates the network unless present; returns its bridge's interface name on the engine's host (for the firewall).</summary>
    public static async Task<string> EnsureBridgeAsync(IDockerClient client, string name, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(client, name, cancellationToken);
        if (existing is null)
        {
            try
            {
                await client.Networks.CreateNetworkAsync(new NetworksCreateParameters
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

            existing = await FindAsync(client, name, cancellationToken)
                ?? throw new InvalidOperationException($"the Docker network '{name}' was created but is not listed");
        }

        // The engine names a bridge br-<first 12 of the id> unless the network was given a name.
        return existing.Options is { } settings && settings.TryGetValue("com.docker.network.bridge.name", out var bridge) && bridge.Length > 0
            ? bridge
            : "br-" + existing.ID[..12];
    }

    private static async Task<NetworkResponse?> FindAsync(IDockerClient client, string name, CancellationToken cancellationToken)
    {
        var listed = await client.Networks.ListNetworksAsync(new NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } },
        }, cancellationToken);
        return listed.FirstOrDefault(n => n.Name == name);
    }
}
