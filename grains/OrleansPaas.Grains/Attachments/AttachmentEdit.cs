using OrleansPaas.Attachments;

namespace OrleansPaas.Grains.Attachments;

/// <summary>
/// One <see cref="AttachmentChange"/> applied to an app's attachments, without side effects: either the
/// attachments afterwards or the one sentence saying why not. The shape of each value was checked at
/// the entry point; this checks it against what the app has.
/// </summary>
public static class AttachmentEdit
{
    public static string? Apply(string app, ContainerAttachments current, AttachmentChange change, out ContainerAttachments next)
    {
        next = current;
        switch (change.Kind)
        {
            case AttachmentChangeKind.AddMount:
                var mount = change.Mount!;
                if (current.Mounts.Contains(mount))
                {
                    return null;
                }

                var path = StoragePaths.Normalize(mount.ContainerPath);
                if (current.Mounts.FirstOrDefault(m => StoragePaths.Normalize(m.ContainerPath) == path) is { } there)
                {
                    return $"app '{app}' already mounts {there.Name} at {path}; unmount it first";
                }

                if (!mount.HostDirectory && current.Mounts.FirstOrDefault(m => m.Name == mount.Name) is { } named)
                {
                    return $"app '{app}' already has a volume '{mount.Name}' (at {named.ContainerPath})";
                }

                next = current with { Mounts = [.. current.Mounts, mount with { ContainerPath = path }] };
                return null;

            case AttachmentChangeKind.RemoveMount:
                var given = change.Value ?? "";
                var gone = current.Mounts.FirstOrDefault(m => m.Name == given || m.ToString() == given
                    || StoragePaths.Normalize(m.ContainerPath) == StoragePaths.Normalize(given));
                if (gone is null)
                {
                    return $"app '{app}' has no mount '{given}'; storage:list {app} shows its mounts";
                }

                next = current with { Mounts = current.Mounts.Where(m => m != gone).ToList() };
                return null;

            case AttachmentChangeKind.AddPort:
                var port = change.Port!;
                if (current.Ports.Contains(port))
                {
                    return null;
                }

                if (current.Ports.FirstOrDefault(p => p.HostKey == port.HostKey) is { } held)
                {
                    return $"app '{app}' already publishes host port {port.HostKey} as {held}; remove that first";
                }

                next = current with { Ports = [.. current.Ports, port] };
                return null;

            case AttachmentChangeKind.RemovePort:
                if (!current.Ports.Contains(change.Port!))
                {
                    return $"app '{app}' does not publish {change.Port}; ports:list {app} shows its ports";
                }

                next = current with { Ports = current.Ports.Where(p => p != change.Port).ToList() };
                return null;

            case AttachmentChangeKind.AddCapability:
                next = current with { Capabilities = current.Capabilities.Union([change.Value!]).Order(StringComparer.Ordinal).ToList() };
                return null;

            case AttachmentChangeKind.RemoveCapability:
                next = current with { Capabilities = current.Capabilities.Where(c => c != change.Value).ToList() };
                return null;

            case AttachmentChangeKind.AddDevice:
                next = current with { Devices = current.Devices.Union([change.Value!]).Order(StringComparer.Ordinal).ToList() };
                return null;

            case AttachmentChangeKind.RemoveDevice:
                next = current with { Devices = current.Devices.Where(d => d != change.Value).ToList() };
                return null;

            default:
                return $"unknown change {change.Kind}";
        }
    }
}
