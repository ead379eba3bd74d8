namespace OrleansPaas.Access;

/// <summary>The outcome of a token change, as a value: a refusal changes nothing and says why in one sentence.</summary>
[GenerateSerializer, Immutable, Alias("paas.TokenCommandResult")]
public sealed record TokenCommandResult(
    [property: Id(0)] TokenCommandStatus Status,
    [property: Id(1)] string? Error = null,
    [property: Id(2)] TokenRecord? Token = null)
{
    public bool Succeeded => Status == TokenCommandStatus.Succeeded;

    public static TokenCommandResult Ok(TokenRecord token) => new(TokenCommandStatus.Succeeded, Token: token);

    public static TokenCommandResult Fail(TokenCommandStatus status, string error) => new(status, error);
}
