using OrleansPaas.Resources;

namespace OrleansPaas.Configuration;

/// <summary>An app's limits resolved as Dokku resolves settings: the app's own, else the platform's default.</summary>
public static class DeployResources
{
    public static ContainerResources ResourcesFor(this DeployOptions deploy, ResourceLimits? own) => new(
        own?.NanoCpus ?? (long)(deploy.CpuLimit * CpuAmount.NanosPerCore),
        own?.MemoryBytes ?? deploy.MemoryLimitMiB * (1L << 20));
}
