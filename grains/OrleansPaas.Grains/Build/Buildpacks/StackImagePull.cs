using Docker.DotNet;
using Docker.DotNet.Models;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Grains.Build.Buildpacks;

/// <summary>
/// Pulls a stack image that no node of the cluster holds (a fresh node's first buildpack build),
/// reporting the engine's progress into the build's log: one line per layer and state change
/// ("Pulling fs layer", "Downloading 40%", "Pull complete"), never one per progress message, which
/// the engine sends many times a second.
/// </summary>
public sealed class StackImagePull(IDockerClient client, BuildLog log)
{
    // A downloading layer is reported at these steps only.
    private const int PercentStep = 25;
    private readonly Dictionary<string, string> _lastLineOfLayer = new(StringComparer.Ordinal);
    private string? _error;

    /// <summary>Null when the image is now on this node, else why not (the registry's or the engine's own words).</summary>
    public async Task<string?> PullAsync(string image, CancellationToken cancellationToken)
    {
        log.Step($"Pulling stack image {image}");
        var (name, tag) = Split(image);
        try
        {
            await client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, new AuthConfig(),
                new SynchronousProgress<JSONMessage>(Report), cancellationToken);
        }
        catch (DockerApiException ex)
        {
            return OneLine(ex.ResponseBody is { Length: > 0 } body ? body : ex.Message);
        }

        // The engine reports a failed pull inside its progress stream, with a 200 for the call.
        if (_error is not null)
        {
            return _error;
        }

        log.Detail($"pulled {image}");
        return null;
    }

    private void Report(JSONMessage message)
    {
        var error = message.Error?.Message is { Length: > 0 } detail ? detail : message.ErrorMessage;
        if (!string.IsNullOrEmpty(error))
        {
            _error = OneLine(error);
            return;
        }

        if (string.IsNullOrEmpty(message.Status))
        {
            return;
        }

        var line = LineFor(message);
        if (line is null)
        {
            return;
        }

        var layer = message.ID ?? "";
        lock (_lastLineOfLayer)
        {
            if (_lastLineOfLayer.TryGetValue(layer, out var last) && last == line)
            {
                return;
            }

            _lastLineOfLayer[layer] = line;
        }

        log.Detail(line);
    }

    private static string? LineFor(JSONMessage message)
    {
        var id = string.IsNullOrEmpty(message.ID) ? "" : message.ID + ": ";
        if (message.Status is "Downloading" or "Extracting" && message.Progress is { Total: > 0 } progress)
        {
            var percent = (int)Math.Min(100, progress.Current * 100 / progress.Total) / PercentStep * PercentStep;
            return $"{id}{message.Status} {percent}% of {progress.Total / 1024} KiB";
        }

        return id + message.Status;
    }

    /// <summary><c>host:port/name:tag</c> → name and tag; no tag means <c>latest</c>, as for <c>docker pull</c>. A digest stays in the name.</summary>
    internal static (string Name, string Tag) Split(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return (image, "");
        }

        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
