namespace OrleansPaas.Gateway.Api.Models;

public sealed record InstanceView(string Id, string Name, string Process, int Release, string Endpoint, string State,
    int Restarts, long? LastExitCode, IReadOnlyList<string> LastOutput, string Node);
