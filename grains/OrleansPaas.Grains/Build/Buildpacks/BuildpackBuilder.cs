using System.Formats.Tar;
using Docker.DotNet;
using Docker.DotNet.Models;
using LibGit2Sharp;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.Nodes;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Build.Buildpacks;

/// <summary>
/// Builds an app without a Dockerfile with Heroku buildpacks (the buildpack API: <c>bin/detect</c>,
/// <c>bin/compile BUILD_DIR CACHE_DIR ENV_DIR</c>, <c>bin/release</c>) inside a container of the
/// stack's build image, then puts the slug on the stack's run image.
/// </summary>
public sealed class BuildpackBuilder(DockerClientProvider docker, BuildpackFetcher fetcher, DataPaths paths, IOptions<PaasOptions> options,
    IGrainFactory grains, ClusterNodes nodes)
{
    public const string BuildImageKey = "PAAS_STACK_BUILD_IMAGE";
    public const string RunImageKey = "PAAS_STACK_RUN_IMAGE";
    private const string BuildDir = "/tmp/build";
    private const string CacheDir = "/tmp/cache";
    private const string EnvDir = "/tmp/env";

    public async Task<BuildResult> BuildAsync(BuildRequest request, Tree tree, IReadOnlyDictionary<string, string> procfile,
        BuildLog log, CancellationToken cancellationToken)
    {
        var settings = options.Value.Build;
        var selection = BuildpackSelection.Choose(tree, request.Config, settings.EffectiveDefaultBuildpacks);
        if (selection.Error is not null)
        {
            return BuildResult.Failure(selection.Error);
        }

        var buildImage = request.Config.GetValueOrDefault(BuildImageKey) ?? settings.StackBuildImage;
        var runImage = request.Config.GetValueOrDefault(RunImageKey) ?? settings.StackRunImage;
        log.Step($"Building {request.App} with buildpacks ({selection.Origin}) on {buildImage}");
        var fetched = new List<FetchedBuildpack>();
        foreach (var reference in selection.Buildpacks)
        {
            var buildpack = await fetcher.FetchAsync(reference, log, cancellationToken);
            if (buildpack.Error is not null)
            {
                return BuildResult.Failure(buildpack.Error);
            }

            fetched.Add(buildpack);
        }

        foreach (var image in new[] { buildImage, runImage }.Distinct())
        {
            // A stack image loaded on one node serves the whole cluster: bring it here if another node
            // has it, else pull it from its registry (a fresh node's first buildpack build).
            if (!await ImageExistsAsync(image, cancellationToken)
                && await grains.Node(nodes.Local).EnsureImageAsync(image, nodes.Live()) is not null
                && await new StackImagePull(docker.Client, log).PullAsync(image, cancellationToken) is { } problem)
            {
                return BuildResult.Failure($"stack image '{image}' is on no node and could not be pulled ({problem}); load it (docker pull / docker load) or set Paas:Build:StackBuildImage and StackRunImage");
            }
        }

        var cache = paths.BuildCache(request.App);
        Directory.CreateDirectory(cache);
        var mounts = fetched.Select((b, i) => $"{b.Directory}:/tmp/buildpacks/{i}:ro").Append($"{cache}:{CacheDir}").ToList();
        var limits = ContainerLimits.For(options.Value.Deploy, settings.MemoryLimitMiB, settings.PidsLimit);
        limits.Binds = mounts;
        await using var builder = await BuilderContainer.StartAsync(docker.Client, new CreateContainerParameters
        {
            Image = buildImage,
            // The builder only has to stay up while buildpack executables run in it with docker exec.
            Cmd = ["tail", "-f", "/dev/null"],
            Env = ["STACK=" + buildImage, "HOME=/app"],
            Labels = new Dictionary<string, string> { [ContainerLabels.App] = request.App.Value, [ContainerLabels.Process] = "build" },
            HostConfig = limits,
        }, cancellationToken);
        await UploadSourceAndEnvironmentAsync(builder, tree, request.Config, cancellationToken);

        var chosen = await ChooseAsync(builder, fetched, selection, log, cancellationToken);
        if (chosen.Error is not null)
        {
            return BuildResult.Failure(chosen.Error);
        }

        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (index, name) in chosen.Buildpacks)
        {
            var bin = $"/tmp/buildpacks/{index}/bin";
            log.Step($"{name} app detected");
            var exit = await builder.ExecAsync([$"{bin}/compile", BuildDir, CacheDir, EnvDir], log.Detail, cancellationToken);
            if (exit != 0)
            {
                return BuildResult.Failure($"the {name} buildpack failed to compile (exit code {exit})");
            }

            var release = await builder.CaptureAsync(["sh", "-c", $"[ ! -x {bin}/release ] || {bin}/release {BuildDir}"], cancellationToken);
            if (release.ExitCode != 0)
            {
                return BuildResult.Failure($"the {name} buildpack's bin/release failed (exit code {release.ExitCode}): {release.Output.Trim()}");
            }

            // Later buildpacks' defaults win, as with Heroku's multi-buildpack.
            foreach (var (type, command) in ReleaseYaml.DefaultProcessTypes(release.Output))
            {
                defaults[type] = command;
            }
        }

        log.Step("Compressing slug and putting it on " + runImage);
        var processTypes = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
        foreach (var (type, command) in procfile)
        {
            processTypes[type] = command;
        }

        var tag = ImageNames.Build(request.App, request.BuildId);
        using (var slug = await builder.DownloadAsync(BuildDir, cancellationToken))
        {
            await SlugImage.CommitAsync(docker.Client, runImage, slug, tag,
                new Dictionary<string, string> { [ContainerLabels.App] = request.App.Value }, paths.Scratch, cancellationToken);
        }

        log.Detail($"Process types: {(processTypes.Count == 0 ? "none" : string.Join(", ", processTypes.Keys))}");
        return BuildResult.Success(tag, processTypes, ReleaseKind.Slug);
    }

    /// <summary>With the default list the first buildpack that detects builds; a chosen list must all detect.</summary>
    private static async Task<(IReadOnlyList<(int Index, string Name)> Buildpacks, string? Error)> ChooseAsync(
        BuilderContainer builder, IReadOnlyList<FetchedBuildpack> buildpacks, BuildpackSelection selection, BuildLog log, CancellationToken cancellationToken)
    {
        var chosen = new List<(int, string)>();
        for (var i = 0; i < buildpacks.Count; i++)
        {
            var (exit, output) = await builder.CaptureAsync([$"/tmp/buildpacks/{i}/bin/detect", BuildDir], cancellationToken);
            var name = output.Trim().Split('\n')[0].Trim();
            if (name.Length == 0)
            {
                name = Path.GetFileNameWithoutExtension(buildpacks[i].Reference.Location.TrimEnd('/'));
            }

            if (exit == 0)
            {
                chosen.Add((i, name));
                if (selection.DetectFirst)
                {
                    break;
                }
            }
            else if (!selection.DetectFirst)
            {
                return ([], $"buildpack {buildpacks[i].Reference} does not detect this app (bin/detect exited {exit})");
            }
        }

        return chosen.Count > 0
            ? (chosen, null)
            : ([], $"no buildpack detected; tried: {string.Join(", ", buildpacks.Select(b => b.Reference.ToString()))}");
    }

    /// <summary>The source goes to BUILD_DIR and one file per config var to ENV_DIR, in one upload.</summary>
    private async Task UploadSourceAndEnvironmentAsync(BuilderContainer builder, Tree tree, IReadOnlyDictionary<string, string> config, CancellationToken cancellationToken)
    {
        using var upload = new FileStream(Path.Combine(paths.Scratch, $"build-{Guid.NewGuid():N}.tar"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        using (var writer = new TarWriter(upload, TarEntryFormat.Pax, leaveOpen: true))
        {
            SourceArchive.WriteDirectory(writer, "tmp");
            SourceArchive.WriteDirectory(writer, "tmp/build");
            SourceArchive.WriteDirectory(writer, "tmp/env");
            foreach (var (key, value) in config)
            {
                SourceArchive.WriteFile(writer, $"tmp/env/{key}", value);
            }

            SourceArchive.WriteTar(tree, writer, "tmp/build/");
        }

        upload.Position = 0;
        await builder.UploadAsync(upload, cancellationToken);
    }

    private async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Client.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }
}
