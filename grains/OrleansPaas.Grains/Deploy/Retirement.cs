using Microsoft.Extensions.Logging;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// The old instances of one app after a deploy: marked retiring before the routes switch, so
/// reconciliation does not take them for strays while they still serve; stopped only once the
/// routes switched; forgotten once stopped. While any retire, old images are not pruned.
/// </summary>
public sealed partial class Retirement(AppName app, ILogger logger)
{
    // Still running while they drain, but no longer the app's: reconciliation leaves them alone.
    private readonly HashSet<string> _retiring = new(StringComparer.Ordinal);
    // The retirements going on in the background, one after another (each continues the one before, and
    // none throws): apps:destroy waits for the last, or both would stop and remove the same containers and images.
    private Task _background = Task.CompletedTask;

    /// <summary>The container ids of instances that are retiring.</summary>
    public IReadOnlyCollection<string> Containers => _retiring;

    /// <summary>No instance is retiring.</summary>
    public bool Idle => _retiring.Count == 0;

    /// <summary>Ends when every retirement going on in the background has (each ends without throwing).</summary>
    public Task SettledAsync() => _background;

    /// <summary>The instances of <paramref name="previous"/> that <paramref name="serving"/> replaced, each named in the deploy's log.</summary>
    public static IReadOnlyList<InstanceInfo> Replaced(IReadOnlyList<InstanceInfo> previous, IReadOnlyList<InstanceInfo> serving, BuildLog log)
    {
        var retired = previous.Where(p => serving.All(s => s.ContainerId != p.ContainerId)).ToList();
        foreach (var old in retired)
        {
            log.Detail($"Retiring v{old.ReleaseVersion} instance {old.Name} ({ContainerIds.Short(old.ContainerId)} on {old.Node})");
        }

        return retired;
    }

    /// <summary>
    /// Switches the routes away from <paramref name="retired"/>, then stops them with <paramref name="stop"/>:
    /// before returning when <paramref name="wait"/> (a scale down ends when the surplus is gone), else in
    /// the background, followed by <paramref name="afterwards"/> (the command is done once the new
    /// instances serve). If the routes do not switch, nothing is stopped and the old instances become
    /// strays, which reconciliation removes only after publishing the committed instances.
    /// </summary>
    public async Task HandOverAsync(IReadOnlyList<InstanceInfo> retired, Func<Task> switchRoutes,
        Func<IReadOnlyList<InstanceInfo>, Task> stop, bool wait, Func<Task> afterwards)
    {
        var ids = retired.Select(i => i.ContainerId).ToList();
        _retiring.UnionWith(ids);
        try
        {
            await switchRoutes();
        }
        catch
        {
            _retiring.ExceptWith(ids);
            throw;
        }

        if (wait)
        {
            try
            {
                await stop(retired);
            }
            finally
            {
                // Stopped, or left to reconciliation as strays: either way no longer retiring, so a
                // due prune is not held up for the rest of the activation.
                _retiring.ExceptWith(ids);
            }

            return;
        }

        _background = InBackgroundAsync(_background);

        async Task InBackgroundAsync(Task before)
        {
            try
            {
                await before;
                await stop(retired);
                await afterwards();
            }
            catch (Exception ex)
            {
                LogRetireFailed(logger, ex, app.Value);
            }
            finally
            {
                _retiring.ExceptWith(ids);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not retire old instances of {App}")]
    private static partial void LogRetireFailed(ILogger logger, Exception exception, string app);
}
