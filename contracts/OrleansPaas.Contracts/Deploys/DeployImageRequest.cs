namespace OrleansPaas.Contracts.Deploys;

/// <summary>Body of <c>POST /api/apps/{app}/deploy-image</c>: an image already on the node.</summary>
public sealed record DeployImageRequest(string? Image);
