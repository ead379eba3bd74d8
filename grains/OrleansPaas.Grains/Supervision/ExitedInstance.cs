using OrleansPaas.Apps;

namespace OrleansPaas.Grains.Supervision;

/// <summary>An instance whose container stopped on its own, with the crash record it leaves.</summary>
public sealed record ExitedInstance(InstanceInfo Instance, long ExitCode, CrashInfo Crash);
