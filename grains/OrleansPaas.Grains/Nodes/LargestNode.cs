using OrleansPaas.Nodes;

namespace OrleansPaas.Grains.Nodes;

/// <summary>The largest live node, as far as a CPU limit is concerned: no app may ask for more cores than any node has.</summary>
public static class LargestNode
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(5);

    /// <summary>The cores of the largest of <paramref name="live"/> that answers within a few seconds; 0 when none does.</summary>
    public static async Task<int> CoresAsync(IGrainFactory grains, IEnumerable<string> live)
    {
        var cores = await Task.WhenAll(live.Select(async node =>
        {
            try
            {
                return (await grains.Node(node).GetReportAsync().WaitAsync(AnswerWithin)).Cpus;
            }
            catch (Exception)
            {
                // A node that does not answer now cannot take the app's instances either.
                return 0;
            }
        }));
        return cores.DefaultIfEmpty(0).Max();
    }
}
