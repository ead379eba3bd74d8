namespace OrleansPaas.Gateway.Api.Models;

public sealed record DeployImageRequest(string? Image);
