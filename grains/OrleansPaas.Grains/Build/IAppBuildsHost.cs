using OrleansPaas.Apps;
using OrleansPaas.Grains.Apps;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// What an app's builds need from its grain: the desired state (to record builds in, and save),
/// its one-command-at-a-time rule, creating the app on a first push, and the work a build ends
/// in (releasing and deploying what was built, or retagging a rebuilt image).
/// </summary>
public interface IAppBuildsHost
{
    AppState State { get; }

    Task SaveAsync();

    Task<T> RunCommandAsync<T>(Func<Task<T>> command);

    Task<AppCommandResult> EnsureCreatedAsync();

    AppInfo Snapshot();

    /// <summary>Builds the job's source (or finds its image) and releases and deploys the result: true when it deployed.</summary>
    Task<bool> RunJobAsync(BuildJob job, CancellationToken abandoned);

    /// <summary>What a job that ended without deploying leaves behind, e.g. "v3 keeps serving http://blog.example.com".</summary>
    string PreviousReleaseNote();

    /// <summary>The builds have work (true) or are idle again (false): the grain keeps its activation meanwhile.</summary>
    void Working(bool working);
}
