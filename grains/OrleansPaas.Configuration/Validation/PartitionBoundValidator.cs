using Microsoft.Extensions.Options;

namespace OrleansPaas.Configuration.Validation;

/// <summary>
/// The partition bound T (<c>Paas:Cluster:PartitionBound</c>). A node fences its workers after T/2
/// without contact and checks contact several times within that, so T cannot be tiny; an hour is
/// already a long time for workers of a dead node to stay down.
/// </summary>
public sealed class PartitionBoundValidator : IValidateOptions<PaasOptions>
{
    public static readonly TimeSpan Shortest = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public ValidateOptionsResult Validate(string? name, PaasOptions options)
    {
        var bound = options.Cluster.PartitionBound;
        return bound < Shortest || bound > Longest
            ? ValidateOptionsResult.Fail($"Paas:Cluster:PartitionBound must be between {Shortest:c} and {Longest:c} (it is {bound:c}).")
            : ValidateOptionsResult.Success;
    }
}
