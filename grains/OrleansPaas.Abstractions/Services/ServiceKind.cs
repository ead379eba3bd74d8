namespace OrleansPaas.Services;

/// <summary>The backing services the platform runs (Dokku's postgres and redis plugins).</summary>
[GenerateSerializer, Alias("paas.ServiceKind")]
public enum ServiceKind
{
    Postgres = 0,
    Redis = 1,
}
