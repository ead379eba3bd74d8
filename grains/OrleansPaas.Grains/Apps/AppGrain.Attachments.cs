using OrleansPaas.Apps;
using OrleansPaas.Attachments;
using OrleansPaas.Grains.Attachments;

namespace OrleansPaas.Grains.Apps;

/// <summary>
/// <c>storage:*</c>, <c>ports:*</c> and <c>ps:set cap-add|device</c>, changed by <see cref="AttachmentChanges"/>
/// as one command of this grain; <c>storage:move</c> by <see cref="StorageMove"/>.
/// </summary>
public sealed partial class AppGrain
{
    private AttachmentChanges _attachmentChanges = null!;
    private StorageMove _storageMove = null!;

    public Task<AppCommandResult> ChangeAttachmentsAsync(AttachmentChange change) => WithAppAsync(() => null, () => _attachmentChanges.ApplyAsync(change));

    public IAsyncEnumerable<StorageMoveStep> MoveStorageAsync(string volume, string node) => StorageMove.StreamAsync(progress =>
        WithAppAsync(() => _storageMove.Refusal(volume, node), () => _storageMove.MoveAsync(volume, node, progress)));

    public Task<string?> RunRefusalAsync() => Task.FromResult(_storageMove.RunRefusal());

    /// <summary><c>ps:scale</c> of a ported app's ported process above one instance is refused.</summary>
    private AppCommandResult? PortedScaleRefusal(IReadOnlyDictionary<string, int> wanted) =>
        PortedFormation.Refusal(_name.Value, State.Current, wanted, Attachments.Ports) is { } refused ? AppCommandResult.Invalid("formation", refused) : null;

    private ContainerAttachments Attachments => State.Attachments ?? ContainerAttachments.None;
}
