using Docker.DotNet;
using LibGit2Sharp;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Builds;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Build;

/// <summary>Builds a commit that has a <c>Dockerfile</c> at its root with the node's Docker engine.</summary>
public sealed class DockerfileBuilder(DockerClientProvider docker, DataPaths paths, IOptions<PaasOptions> options)
{
    public const string DockerfileName = "Dockerfile";

    /// <summary>Builds the tree; Procfile types run through the image's shell, and <c>web</c> defaults to the image's CMD.</summary>
    public async Task<BuildResult> BuildAsync(BuildRequest request, Tree tree, IReadOnlyDictionary<string, string> procfile,
        BuildLog log, CancellationToken cancellationToken)
    {
        var app = request.App;
        var buildId = request.BuildId;
        using var context = new FileStream(
            Path.Combine(paths.Scratch, $"context-{Guid.NewGuid():N}.tar"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        log.Step($"Building {app} from Dockerfile");
        SourceArchive.WriteTar(tree, context);

        context.Position = 0;
        var tag = ImageNames.Build(app, buildId);
        var progress = new BuildProgress(log);
        try
        {
            await docker.Client.Images.BuildImageFromDockerfileAsync(
                new ImageBuildParameters
                {
                    Dockerfile = DockerfileName,
                    // No paas.app label: the classic builder would add a step, and a container, for it (0.15–0.3 s
                    // of every push); the app's images are found by their repository too (DockerAppImages).
                    Tags = [tag],
                    Remove = true,
                    ForceRemove = true,
                    // The RUN steps' containers get a build's memory (and, with it, swap) limit like buildpack builds.
                    Memory = options.Value.Build.MemoryLimitMiB * 1024L * 1024L,
                    MemorySwap = options.Value.Build.MemoryLimitMiB * 1024L * 1024L,
                },
                context, authConfigs: null, headers: null, progress, cancellationToken);
        }
        catch (DockerApiException ex)
        {
            return BuildResult.Failure($"the Docker engine refused the build: {ex.ResponseBody.Trim()}");
        }

        progress.Flush();
        if (progress.Error is not null)
        {
            return BuildResult.Failure(progress.Error);
        }

        var processTypes = new Dictionary<string, string>(procfile);
        processTypes.TryAdd("web", "");
        return BuildResult.Success(tag, processTypes, ReleaseKind.Image);
    }

    /// <summary>
    /// Relays the engine's JSON messages as log lines, in order. <see cref="Progress{T}"/> is not
    /// used because it posts callbacks asynchronously and can reorder lines.
    /// </summary>
    private sealed class BuildProgress(BuildLog log) : IProgress<JSONMessage>
    {
        private string _pending = "";

        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            if (!string.IsNullOrEmpty(value.Stream))
            {
                var text = _pending + value.Stream;
                var lines = text.Split('\n');
                for (var i = 0; i < lines.Length - 1; i++)
                {
                    log.Detail(lines[i].TrimEnd('\r'));
                }

                _pending = lines[^1];
            }

            var error = value.Error?.Message ?? value.ErrorMessage;
            if (!string.IsNullOrEmpty(error))
            {
                Flush();
                Error = error.Trim();
                log.Error(Error);
            }
        }

        public void Flush()
        {
            if (_pending.Length > 0)
            {
                log.Detail(_pending);
                _pending = "";
            }
        }
    }
}
