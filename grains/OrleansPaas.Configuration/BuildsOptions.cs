namespace OrleansPaas.Configuration;

public sealed class BuildsOptions
{
    /// <summary>Build records (and their output) kept per app for <c>builds:list</c> / <c>builds:output</c>; the oldest go first.</summary>
    public int Keep { get; set; } = 20;
}
