using OrleansPaas.Apps;

namespace OrleansPaas.NodeServices.Runtime;

/// <summary>What to run: one instance of one process type of one release.</summary>
public sealed record ContainerSpec(
    AppName App,
    string Process,
    int ReleaseVersion,
    string Image,
    int Port,
    IReadOnlyDictionary<string, string> Environment,
    int Index = 1,
    IReadOnlyList<string>? Command = null,
    OrleansPaas.Resources.ContainerResources? Resources = null,
    OrleansPaas.Attachments.ContainerAttachments? Attachments = null)
{
    /// <summary>Only web instances receive HTTP, so only they get a published port.</summary>
    public bool ReceivesTraffic => Process == "web";
}
