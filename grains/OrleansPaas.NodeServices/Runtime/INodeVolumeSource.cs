using OrleansPaas.Apps;
using OrleansPaas.Nodes;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Copies an app's named volume from another node's engine into this one's (<c>storage:move</c>), the way images travel.</summary>
public interface INodeVolumeSource
{
    /// <param name="image">An image both nodes hold, for the copying containers (the app's release).</param>
    /// <param name="progress">Told the bytes received so far as they come.</param>
    /// <remarks>No bound on the whole: a large volume takes as long as it takes; one that stops coming is given up.</remarks>
    Task<VolumeCopyResult> FetchAsync(string sourceNode, AppName app, string volume, string image, Action<long> progress, CancellationToken cancellationToken);
}
