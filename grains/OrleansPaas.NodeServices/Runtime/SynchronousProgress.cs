namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// Takes the engine's progress messages on the calling thread. <see cref="Progress{T}"/> posts each
/// one to the thread pool, so a Docker call could return before its last message (an error, a
/// reading) was seen.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> handle) : IProgress<T>
{
    public void Report(T value) => handle(value);
}
