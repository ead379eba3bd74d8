using System.Net;
using OrleansPaas.Apps;
using OrleansPaas.Gateway.Images;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Nodes;

namespace OrleansPaas.Gateway.Volumes;

/// <summary>
/// Brings an app's volume from another node (<c>storage:move</c>) the way images come: from that node's
/// internal listener with the cluster certificate (<see cref="ImageTransfer.ReceiveAsync"/>), its tar
/// streamed straight into a new volume of this engine (<see cref="VolumeArchives"/>).
/// </summary>
public sealed class ControlPlaneVolumeSource(IGrainFactory grains, ImageTransfer transfer, VolumeArchives archives) : INodeVolumeSource
{
    public async Task<VolumeCopyResult> FetchAsync(string sourceNode, AppName app, string volume, string image, Action<long> progress, CancellationToken cancellationToken)
    {
        var source = new Uri(await grains.Node(sourceNode).GetInternalUrlAsync());
        var what = $"volume '{volume}' of {app}";
        var (failure, bytes, duration) = await transfer.ReceiveAsync(VolumeTransferPaths.For(source, app.Value, volume, image), source, what,
            status => status switch
            {
                HttpStatusCode.NotFound => $"node {sourceNode} has no {what}",
                HttpStatusCode.Unauthorized => $"node {sourceNode} did not take this node's certificate as the cluster's",
                _ => $"node {sourceNode} answered {(int)status} {status} for {what}",
            },
            (tar, token) => archives.ImportAsync(app, volume, image, tar, token), cancellationToken,
            // A volume may be far larger than any image: judged by its bytes still coming, never by its total time,
            // and by the move alone (Paas:Storage:MoveStallTimeout, watching the progress counted here), not by the images' stall.
            limit: Timeout.InfiniteTimeSpan, progress: progress, stallAfter: Timeout.InfiniteTimeSpan);
        return new VolumeCopyResult(failure, bytes, duration);
    }
}
