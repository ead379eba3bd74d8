namespace OrleansPaas.Builds;

/// <summary>
/// A queued build: its id and how many builds of the same app run or wait before it; or, for a
/// push the app refused before building (its branch moved, another push is deploying), why.
/// </summary>
[GenerateSerializer, Immutable, Alias("paas.BuildTicket")]
public sealed record BuildTicket([property: Id(0)] int BuildId, [property: Id(1)] int Ahead, [property: Id(2)] string? Refusal = null)
{
    public static BuildTicket Refused(string why) => new(0, 0, why);
}
