namespace OrleansPaas.NodeServices.Services.Transfers;

/// <summary>An export ready on <see cref="Node"/> as spool <see cref="Id"/> (a file name ends in <see cref="Extension"/>), or the sentence why not.</summary>
[GenerateSerializer, Immutable, Alias("paas.ServiceTransferTicket")]
public sealed record ServiceTransferTicket(
    [property: Id(0)] string? Error,
    [property: Id(1)] string Node,
    [property: Id(2)] string Id,
    [property: Id(3)] string Extension)
{
    public static ServiceTransferTicket Refused(string error) => new(error, "", "", "");
}
