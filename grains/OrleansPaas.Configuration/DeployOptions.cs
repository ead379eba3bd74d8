namespace OrleansPaas.Configuration;

public sealed class DeployOptions
{
    /// <summary>The port an app listens on when its image exposes none (Heroku's convention is $PORT; 5000 like Dokku).</summary>
    public int DefaultPort { get; set; } = 5000;

    /// <summary>Memory limit of one instance, like a Heroku dyno's.</summary>
    public int MemoryLimitMiB { get; set; } = 512;

    /// <summary>How long a new instance has to answer on its port before the deploy is abandoned.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long old web instances keep running after the routes moved away from them, so requests
    /// already in flight finish before SIGTERM.
    /// </summary>
    public TimeSpan DrainTime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the release phase (Procfile <c>release:</c>) may run before it is killed and the deploy aborted.</summary>
    public TimeSpan ReleasePhaseTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an old instance gets to finish after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Processes (and threads) one container may have: a fork bomb stays inside its app.</summary>
    public long PidsLimit { get; set; } = 512;

    /// <summary>Size of one container's log file before Docker rotates it (json-file <c>max-size</c>).</summary>
    public string LogMaxSize { get; set; } = "10m";

    /// <summary>Log files kept per container (json-file <c>max-file</c>): logs take at most LogMaxSize × this.</summary>
    public int LogMaxFiles { get; set; } = 3;

    /// <summary>
    /// The Docker network apps' containers run on: a bridge where containers cannot reach each
    /// other (only through the gateway), while this node reaches each on its address.
    /// </summary>
    public string Network { get; set; } = "paas";
}
