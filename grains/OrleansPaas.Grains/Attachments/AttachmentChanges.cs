using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Configuration;
using OrleansPaas.Grains.Apps;
using OrleansPaas.Grains.Deploy;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Attachments;

/// <summary>
/// <c>storage:*</c>, <c>ports:*</c> and <c>ps:set cap-add|device</c>: the app's setting, stored and
/// applied from the next deploy, restart or wake on (as Dokku does), and kept by rollbacks because it
/// is not part of a release. A host port is claimed cluster-wide before it is stored. Runs inside one
/// command of the app's grain (<see cref="IDeployHost"/>), which owns the state it changes.
/// </summary>
public sealed class AttachmentChanges(IDeployHost app, IGrainFactory grains, PaasOptions settings)
{
    private AppState State => app.State;

    public async Task<AppCommandResult> ApplyAsync(AttachmentChange change)
    {
        var current = State.Attachments ?? ContainerAttachments.None;
        if (AttachmentEdit.Apply(app.Name.Value, current, change, out var next) is { } refused)
        {
            return AppCommandResult.Invalid(FieldOf(change.Kind), refused);
        }

        if (change.Kind == AttachmentChangeKind.AddPort && !current.Ports.Contains(change.Port!)
            && await PortRefusalAsync(change.Port!) is { } taken)
        {
            return taken;
        }

        State.Attachments = next;
        await app.SaveAsync();
        var result = AppCommandResult.Ok(app.Snapshot());
        if (change.Kind == AttachmentChangeKind.RemovePort)
        {
            await grains.GetGrain<IHostPortGrain>(change.Port!.HostKey).ReleaseAsync(app.Name.Value);
        }

        return result;
    }

    /// <summary>Why the app cannot have <paramref name="port"/>: the platform's, another app's, or the app runs its ported process more than once.</summary>
    private async Task<AppCommandResult?> PortRefusalAsync(PortMapping port)
    {
        if (PlatformPorts.Holder(settings, port) is { } platform)
        {
            return AppCommandResult.Conflict($"host port {port.HostKey} is {platform}");
        }

        if (PortedFormation.Refusal(app.Name.Value, State.Current, State.Formation, [port]) is { } scaled)
        {
            return AppCommandResult.Invalid("port", scaled);
        }

        var holder = await grains.GetGrain<IHostPortGrain>(port.HostKey).ClaimAsync(app.Name.Value);
        return holder == app.Name.Value ? null : AppCommandResult.Conflict($"host port {port.HostKey} is held by app '{holder}'");
    }

    private static string FieldOf(AttachmentChangeKind kind) => kind switch
    {
        AttachmentChangeKind.AddMount or AttachmentChangeKind.RemoveMount => "storage",
        AttachmentChangeKind.AddPort or AttachmentChangeKind.RemovePort => "port",
        _ => "setting",
    };
}
