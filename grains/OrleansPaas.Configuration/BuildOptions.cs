namespace OrleansPaas.Configuration;

public sealed class BuildOptions
{
    /// <summary>The image buildpacks compile in (an app can override it with the config var <c>PAAS_STACK_BUILD_IMAGE</c>).</summary>
    public string StackBuildImage { get; set; } = "heroku/heroku:24-build";

    /// <summary>The image the compiled slug runs on (app override: <c>PAAS_STACK_RUN_IMAGE</c>).</summary>
    public string StackRunImage { get; set; } = "heroku/heroku:24";

    /// <summary>
    /// Buildpacks tried in order when an app names none (BUILDPACK_URL / .buildpacks); the first
    /// that detects builds. Unset → Heroku's official buildpacks. (Null rather than a filled list
    /// because configuration binding appends to a list it finds instead of replacing it.)
    /// </summary>
    public List<string>? DefaultBuildpacks { get; set; }

    public IReadOnlyList<string> EffectiveDefaultBuildpacks => DefaultBuildpacks is { Count: > 0 } configured ? configured : HerokuBuildpacks;

    private static readonly string[] HerokuBuildpacks =
    [
        "https://github.com/heroku/heroku-buildpack-nodejs.git",
        "https://github.com/heroku/heroku-buildpack-python.git",
        "https://github.com/heroku/heroku-buildpack-ruby.git",
        "https://github.com/heroku/heroku-buildpack-go.git",
        "https://github.com/heroku/heroku-buildpack-php.git",
        "https://github.com/heroku/heroku-buildpack-java.git",
        "https://github.com/heroku/heroku-buildpack-static.git",
    ];

    /// <summary>Memory for a builder container; compiling needs more than running.</summary>
    public int MemoryLimitMiB { get; set; } = 2048;

    /// <summary>Processes and threads of a build (compilers run many): a runaway build stays inside its limit.</summary>
    public long PidsLimit { get; set; } = 4096;

    /// <summary>
    /// How long a build (buildpack fetches included) may take before it is stopped and the push
    /// fails; the app's other commands never wait behind it longer than this.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
}
