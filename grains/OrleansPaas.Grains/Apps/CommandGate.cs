namespace OrleansPaas.Grains.Apps;

/// <summary>
/// Runs an app's commands one at a time. Grain turns interleave at awaits (the app grain is
/// reentrant so reads never wait behind a deploy), so the scheduler alone does not serialise them.
/// A command that throws (a save that failed, a node or grain that did not answer) leaves memory
/// as storage has it: the state is read back, so nothing the command set in memory is written
/// later by another command or a pass.
/// </summary>
public sealed class CommandGate
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>
    /// Runs <paramref name="command"/> alone. If it throws, <paramref name="reload"/> reads the stored
    /// state back; if that fails too, <paramref name="unreadable"/> lets the owner start afresh from
    /// storage on its next call. The command's exception is rethrown either way.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> command, Func<Task> reload, Action unreadable)
    {
        await _turn.WaitAsync();
        try
        {
            return await command();
        }
        catch
        {
            try
            {
                await reload();
            }
            catch
            {
                unreadable();
            }

            throw;
        }
        finally
        {
            _turn.Release();
        }
    }
}
