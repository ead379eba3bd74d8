using System.Runtime.CompilerServices;

namespace OrleansPaas.Tests.Support;

/// <summary>
/// The test process measures latency (load loops through the gateway) while it also holds pool
/// threads in blocking work: reading its nodes' and commands' output, Docker calls. On a 2-core
/// machine the pool starts with 2 threads and adds more only about twice a second, so a request's
/// continuation could wait 0.8-1 s for a thread, and the load loop counted that wait as the gateway's
/// (seen in the kill test: slow requests of both apps at the same instant, none in the gateway).
/// With more threads from the start, the slowest request there fell from 985 to 318 ms.
/// </summary>
internal static class TestProcessThreads
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completions, 32));
    }
}
