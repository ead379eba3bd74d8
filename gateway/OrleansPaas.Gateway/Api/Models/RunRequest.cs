namespace OrleansPaas.Gateway.Api.Models;

public sealed record RunRequest(List<string>? Command);
