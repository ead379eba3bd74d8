using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Grains.Build;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Repositories;
using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Nodes;

/// <summary>
/// The node grain's builds: one pushed commit built here, its log streamed as it comes, stopped at
/// its timeout. A commit that is not in a push's quarantine (a rebuild of a release) is read from
/// this node's repository once it was brought up to the stored one (<paramref name="refreshes"/>:
/// none where no gateway serves git, as in the grain tests).
/// </summary>
public sealed partial class NodeBuilds(IImageBuilder builder, IEnumerable<IRepositoryRefresh> refreshes, IOptions<PaasOptions> options,
    ILogger<NodeBuilds> logger)
{
    public async IAsyncEnumerable<NodeWorkEvent> BuildAsync(NodeBuildRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var app = AppName.Parse(request.App);
        var log = new BuildLog(request.BuildId);
        var limit = options.Value.Build.Timeout;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(limit);
        var build = Task.Run(async () =>
        {
            try
            {
                if (request.Source.QuarantineName is null)
                {
                    await RefreshAsync(app, log, stop.Token);
                }

                return await builder.BuildAsync(new BuildRequest(app, request.BuildId, request.Source, request.Config), log, stop.Token);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Whatever the builder was doing when it was stopped (docker build, git, a buildpack) ends here.
                return BuildResult.Failure(cancellationToken.IsCancellationRequested
                    ? "the push was abandoned and its build was stopped"
                    : $"the build did not finish within {limit} (Paas:Build:Timeout) and was stopped");
            }
            finally
            {
                log.SetOutcome(BuildOutcome.Succeeded);
            }
        });

        var sent = 0;
        while (true)
        {
            var chunk = await log.ReadAsync(sent, TimeSpan.FromSeconds(5));
            foreach (var line in chunk.Lines)
            {
                yield return NodeWorkEvent.Log(line);
            }

            sent = chunk.NextLine;
            if (chunk.Outcome.IsFinished() && build.IsCompleted && sent >= log.LineCount)
            {
                break;
            }
        }

        NodeBuildResult result;
        try
        {
            var built = await build;
            result = new NodeBuildResult(built.Image, built.ProcessTypes, built.Kind, built.Checks, built.Error, built.AppJson);
        }
        catch (Exception ex)
        {
            LogBuildCrashed(logger, ex, request.App, request.BuildId);
            result = new NodeBuildResult(null, new Dictionary<string, string>(), ReleaseKind.Image, [], $"internal error: {ex.GetBaseException().Message}");
        }

        yield return new NodeWorkEvent(null, Build: result);
    }

    private async Task RefreshAsync(AppName app, BuildLog log, CancellationToken cancellationToken)
    {
        foreach (var refresh in refreshes)
        {
            try
            {
                await refresh.RefreshAsync(app, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The build says what is missing if the commit is not here after all.
                log.Detail($"Could not bring the stored repository of {app} to this node: {ex.GetBaseException().Message}");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Build {BuildId} of {App} crashed on this node")]
    private static partial void LogBuildCrashed(ILogger logger, Exception exception, string app, int buildId);
}
