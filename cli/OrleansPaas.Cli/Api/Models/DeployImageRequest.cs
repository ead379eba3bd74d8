namespace OrleansPaas.Cli.Api.Models;

/// <summary>Body of <c>POST /api/apps/{app}/deploy-image</c>.</summary>
internal sealed record DeployImageRequest(string Image);
