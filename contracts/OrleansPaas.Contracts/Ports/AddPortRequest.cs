namespace OrleansPaas.Contracts.Ports;

/// <summary>Body of <c>POST /api/apps/{app}/ports</c>: <c>tcp:HOST:CONTAINER</c> or <c>udp:HOST:CONTAINER</c>; host ports below 1024 need <see cref="AllowPrivileged"/>.</summary>
public sealed record AddPortRequest(string Spec, bool AllowPrivileged = false);
