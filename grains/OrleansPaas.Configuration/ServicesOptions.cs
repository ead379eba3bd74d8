namespace OrleansPaas.Configuration;

/// <summary>Backing services (<c>services:create</c>): the image of each kind and the limits of every service container.</summary>
public sealed class ServicesOptions
{
    public ServiceImageOptions Postgres { get; set; } = new() { Image = "postgres:17-alpine" };
    public ServiceImageOptions Redis { get; set; } = new() { Image = "redis:7-alpine" };

    /// <summary>Memory of one service container; a database needs more than a small app.</summary>
    public int MemoryLimitMiB { get; set; } = 512;

    /// <summary>Cores of one service container, at most the node's.</summary>
    public decimal CpuLimit { get; set; } = 1;
}
