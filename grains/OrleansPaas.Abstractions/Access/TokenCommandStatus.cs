namespace OrleansPaas.Access;

[GenerateSerializer, Alias("paas.TokenCommandStatus")]
public enum TokenCommandStatus
{
    Succeeded,
    Invalid,
    NotFound,
    Conflict,

    /// <summary>Done, but not every live node confirmed it in time (the sentence names them).</summary>
    NotConfirmed,
}
