namespace OrleansPaas.NodeServices.Runtime;

/// <summary>
/// A container that cannot be set up as its app asks (e.g. a volume of its name belongs to someone
/// else): nothing was created, and the message is the one sentence to show the person who asked.
/// </summary>
public sealed class ContainerSetupException(string message) : Exception(message);
