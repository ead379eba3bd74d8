namespace OrleansPaas.NodeServices.Services;

/// <summary>
/// Labels of a service's container, network and volume. Deliberately not <c>paas.app</c>: nothing
/// of the apps' machinery (supervision, pruning, orphan removal) ever takes a service for an app's container.
/// </summary>
public static class ServiceLabels
{
    public const string Service = "paas.service";
    public const string Kind = "paas.service.kind";

    /// <summary>On a container that gets its password from a file put into it; one without it has the password in its command or environment.</summary>
    public const string PasswordInFile = "paas.service.password-in-file";
}
