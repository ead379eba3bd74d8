namespace OrleansPaas.Services;

/// <summary>
/// A file holding a service's password, put into its container between create and start (never a host
/// file, never the container's command or environment, which <c>docker inspect</c> and <c>ps</c> show):
/// readable only by <paramref name="OwnerId"/>, the user of the image that reads it.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceSecretFile")]
public sealed record ServiceSecretFile(
    [property: Id(0)] string Path,
    [property: Id(1)] string Content,
    [property: Id(2)] int OwnerId)
{
    // The password stays out of any log line or exception text that prints a request.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Path = {Path}, Content = (hidden), OwnerId = {OwnerId}");
        return true;
    }
}
