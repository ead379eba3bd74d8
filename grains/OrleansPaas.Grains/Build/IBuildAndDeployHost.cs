using OrleansPaas.Grains.Deploy;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// What a build job needs from the app's grain beyond what a deploy needs: a reconciliation now,
/// which starts a rebuilt release's missing instances the way a pass would.
/// </summary>
public interface IBuildAndDeployHost : IDeployHost
{
    /// <summary>Compares what should run with what the live nodes run and corrects it (inside a command).</summary>
    Task ReconcileNowAsync();
}
