namespace OrleansPaas.Configuration;

/// <summary>The image one kind of service runs (<c>Paas:Services:Postgres:Image</c>); <c>--version V</c> replaces its tag.</summary>
public sealed class ServiceImageOptions
{
    public string Image { get; set; } = "";
}
