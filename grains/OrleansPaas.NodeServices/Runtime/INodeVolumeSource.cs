using OrleansPaas.Apps;
using OrleansPaas.Nodes;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Copies an app's named volume from another node's engine into this one's (<c>storage:move</c>), the way images travel.</summary>
public interface INodeVolumeSource
{
    /// <param name="image">An image both nodes hold, for the copying containers (the app's release).</param>
    Task<VolumeCopyResult> FetchAsync(string sourceNode, AppName app, string volume, string image, CancellationToken cancellationToken);
}
