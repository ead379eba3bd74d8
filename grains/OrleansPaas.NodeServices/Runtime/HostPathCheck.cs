using Microsoft.Extensions.Options;
using OrleansPaas.Attachments;
using OrleansPaas.Configuration;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// The check of a host directory (<c>storage:mount</c>) on the node that mounts it, with this node's
/// links, data folder and <c>Paas:Storage:HostRoots</c>: when it is mounted, and again before every
/// container start (a link may have been put in its place since). The engine is given the resolved path.
/// </summary>
public sealed class HostPathCheck(IOptions<PaasOptions> options)
{
    /// <summary>Null when an app may mount <paramref name="path"/> here, else one sentence.</summary>
    public string? Refusal(string path) => Check(path, out _);

    /// <summary>Where the engine mounts <paramref name="path"/> from (its links followed), or why it may not.</summary>
    public string? Check(string path, out string resolved)
    {
        resolved = path;
        var settings = options.Value;
        try
        {
            var refusal = StoragePaths.HostPathRefusal(path, settings.DataDir, settings.Storage.EffectiveHostRoots(settings.DataDir), HostLinks.Resolve);
            if (refusal is null)
            {
                resolved = HostLinks.Resolve(StoragePaths.Normalize(path));
            }

            return refusal;
        }
        catch (IOException ex)
        {
            return $"host path '{path}' cannot be checked on node {settings.NodeName}: {ex.Message}";
        }
    }
}
