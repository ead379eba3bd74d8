using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Builds;
using OrleansPaas.Contracts.Builds;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>builds:list</c> and <c>builds:output</c> (Dokku's build records), from any node.</summary>
public static class BuildsEndpoints
{
    public const string Latest = "latest";

    public static RouteGroupBuilder MapBuilds(this RouteGroupBuilder api)
    {
        api.MapGet("/apps/{app}/builds", ListAsync).WithName("ListBuilds");
        api.MapGet("/apps/{app}/builds/{build}/output", OutputAsync).WithName("GetBuildOutput");
        return api;
    }

    private static async Task<IResult> ListAsync(string app, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var builds = await handle.Grain.GetBuildsAsync();
        return builds is null
            ? ApiResults.NotFound($"app '{handle.Name}' does not exist")
            : Results.Ok(builds.Select(View).ToList());
    }

    /// <summary>The whole output as text; <c>latest</c> for the newest build.</summary>
    private static async Task<IResult> OutputAsync(string app, string build, IGrainFactory grains)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        int? id = null;
        if (build != Latest)
        {
            if (!int.TryParse(build, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return ApiResults.Invalid("build", $"'{build}' is not a build number; give one from builds:list, or {Latest}");
            }

            id = number;
        }

        if (await handle.Grain.GetBuildsAsync() is null)
        {
            return ApiResults.NotFound($"app '{handle.Name}' does not exist");
        }

        var output = await handle.Grain.GetBuildOutputAsync(id);
        return output is null
            ? ApiResults.NotFound(id is null ? $"app '{handle.Name}' has no builds yet" : $"app '{handle.Name}' has no build {id} (only the last builds are kept)")
            : Results.Text(output.Text, "text/plain; charset=utf-8");
    }

    public static BuildView View(BuildRecord build) => new()
    {
        Id = build.Id,
        Commit = build.Commit,
        Image = build.Image,
        Builder = build.Builder,
        StartedAt = build.StartedAt,
        FinishedAt = build.FinishedAt,
        DurationSeconds = build.FinishedAt is { } end ? Math.Round((end - build.StartedAt).TotalSeconds, 1) : null,
        Result = build.Outcome.ToString().ToLowerInvariant(),
        Release = build.Release,
        RebuildOf = build.RebuildOf,
        Node = build.Node,
    };
}
