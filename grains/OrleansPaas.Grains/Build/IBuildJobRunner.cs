namespace OrleansPaas.Grains.Build;

/// <summary>The work behind a <see cref="BuildQueue"/>'s jobs: the app grain, which owns the app's state, does it.</summary>
public interface IBuildJobRunner
{
    /// <summary>
    /// Runs one job to its end: true when it deployed. An abandoned job may end in an
    /// <see cref="OperationCanceledException"/>; every other failure writes its reason to the job's log.
    /// </summary>
    Task<bool> RunAsync(BuildJob job, CancellationToken abandoned);

    /// <summary>What a job that ended without deploying leaves behind, e.g. "v3 keeps serving http://blog.example.com".</summary>
    string NothingDeployedNote();

    /// <summary>After the job's outcome is set: its record is finished and its output stored.</summary>
    Task FinishedAsync(BuildJob job, bool deployed);

    /// <summary>The queue has work (true) or is idle again (false): a grain keeps its activation while a build runs.</summary>
    void Working(bool working);
}
