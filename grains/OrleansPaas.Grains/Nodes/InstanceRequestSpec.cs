using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Nodes;

/// <summary>What a node is asked to run, as the engine's side takes it.</summary>
public static class InstanceRequestSpec
{
    public static ContainerSpec ToSpec(this InstanceRequest request) =>
        new(AppName.Parse(request.App), request.Process, request.ReleaseVersion, request.Image, request.Port,
            request.Environment, request.Index, request.Command, request.Resources, request.Attachments);
}
