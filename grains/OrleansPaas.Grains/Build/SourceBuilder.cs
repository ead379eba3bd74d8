using LibGit2Sharp;
using OrleansPaas.Apps;
using OrleansPaas.Grains.Build.AppJson;
using OrleansPaas.Grains.Build.Buildpacks;
using OrleansPaas.Grains.Build.Procfiles;
using OrleansPaas.Configuration;

namespace OrleansPaas.Grains.Build;

/// <summary>
/// Picks the builder for a pushed commit, in the order of DESIGN.md §1: a <c>Dockerfile</c> at the
/// root → docker build; otherwise Heroku buildpacks. A <c>Procfile</c> declares the process types.
/// </summary>
public sealed class SourceBuilder(DockerfileBuilder dockerfile, BuildpackBuilder buildpacks, DataPaths paths) : IImageBuilder
{
    public async Task<BuildResult> BuildAsync(BuildRequest request, BuildLog log, CancellationToken cancellationToken)
    {
        using var view = SourceArchive.Open(paths.Repository(request.App), request.Source, paths.Scratch);
        var commit = view.FindCommit(request.Source.Commit);
        if (commit is null)
        {
            return BuildResult.Failure($"commit {request.Source.ShortCommit} is not in the repository");
        }

        var procfile = ReadProcfile(commit.Tree);
        if (procfile.Error is not null)
        {
            return BuildResult.Failure(procfile.Error);
        }

        var appJsonText = commit.Tree[AppJsonHealthChecks.FileName]?.Target is Blob appJson ? appJson.GetContentText() : null;
        var (checks, appJsonError) = appJsonText is not null ? AppJsonHealthChecks.Parse(appJsonText) : ([], null);
        // Scripts, formation and cron are checked before the build too: a bad schedule costs no build.
        var (settings, settingsError) = appJsonText is not null && appJsonError is null ? AppJsonFile.Parse(appJsonText) : (AppJsonSettings.None, null);
        if ((appJsonError ?? settingsError) is { } problem)
        {
            return BuildResult.Failure(problem);
        }

        var result = commit.Tree[DockerfileBuilder.DockerfileName] is not null
            ? await dockerfile.BuildAsync(request, commit.Tree, procfile.Types!, log, cancellationToken)
            : await buildpacks.BuildAsync(request, commit.Tree, procfile.Types!, log, cancellationToken);
        return result with { Checks = checks, AppJson = settings };
    }

    private static ProcfileParseResult ReadProcfile(Tree tree) =>
        tree[Procfile.FileName]?.Target is Blob blob
            ? Procfile.Parse(blob.GetContentText())
            : ProcfileParseResult.Success(new Dictionary<string, string>());
}
