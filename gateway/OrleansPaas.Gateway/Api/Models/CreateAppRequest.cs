namespace OrleansPaas.Gateway.Api.Models;

public sealed record CreateAppRequest(string? Name);
