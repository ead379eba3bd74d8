using System.Text.RegularExpressions;

namespace OrleansPaas.Tests.Support;

/// <summary>What a process listens on, as the kernel reports it (<c>ss -ltnp</c>).</summary>
public static partial class Listeners
{
    public static async Task<SortedSet<int>> TcpPortsAsync(int processId) =>
        new((await TcpEndpointsAsync(processId)).Select(e => e.Port));

    public static async Task<List<(string Address, int Port)>> TcpEndpointsAsync(int processId)
    {
        var result = await ProcessRunner.RunAsync("ss", ["-ltnpH"]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("ss failed: " + result);
        }

        var endpoints = new List<(string Address, int Port)>();
        foreach (Match match in Listen().Matches(result.StandardOutput))
        {
            if (int.Parse(match.Groups["pid"].Value) == processId)
            {
                endpoints.Add((match.Groups["address"].Value, int.Parse(match.Groups["port"].Value)));
            }
        }

        return endpoints;
    }

    // LISTEN 0 512 127.0.0.1:18080 0.0.0.0:* users:(("dotnet",pid=8731,fd=304))
    [GeneratedRegex(@"^LISTEN\s+\d+\s+\d+\s+(?<address>\S*):(?<port>\d+)\s+\S+\s+users:.*?pid=(?<pid>\d+),", RegexOptions.Multiline)]
    private static partial Regex Listen();
}
