using System.Diagnostics;
using OrleansPaas.Apps;
using OrleansPaas.Builds;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// A job of the build queue: build a pushed commit (<see cref="Source"/>) or deploy a prebuilt
/// image (<see cref="Image"/>), or build a release's commit again because no live node holds its
/// image any more (<see cref="Rebuild"/>, with its commit as <see cref="Source"/>). <see cref="Trace"/> is the span of the push that queued it (default
/// when untraced), the parent of the job's own span.
/// </summary>
public sealed record BuildJob(BuildLog Log, BuildSource? Source, string? Image, ActivityContext Trace, ReleaseRecord? Rebuild = null)
{
    public int Id => Log.BuildId;
}
