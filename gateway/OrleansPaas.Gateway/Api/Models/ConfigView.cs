namespace OrleansPaas.Gateway.Api.Models;

public sealed record ConfigView(IReadOnlyDictionary<string, string> Vars, int? Release = null);
