using OrleansPaas.Access;
using OrleansPaas.Apps;

namespace OrleansPaas.Gateway.Git;

/// <summary>The two smart HTTP services: push (receive-pack) and fetch/clone (upload-pack).</summary>
public sealed record GitService(string Name)
{
    public static readonly GitService ReceivePack = new("git-receive-pack");
    public static readonly GitService UploadPack = new("git-upload-pack");

    /// <summary>The git sub-command (<c>receive-pack</c> / <c>upload-pack</c>).</summary>
    public string Command => Name["git-".Length..];

    public string AdvertisementContentType => $"application/x-{Name}-advertisement";
    public string ResultContentType => $"application/x-{Name}-result";

    /// <summary>What git sends its POST body as (and a page's no-cors request cannot).</summary>
    public string RequestContentType => $"application/x-{Name}-request";

    /// <summary>What a caller needs on the app to use this service: pushing deploys, fetching reads.</summary>
    public AccessNeed Needs(AppName app) => this == ReceivePack ? AccessNeed.Deploy(app.Value) : AccessNeed.Read(app.Value);

    public static GitService? FromQuery(string? service) => service switch
    {
        "git-receive-pack" => ReceivePack,
        "git-upload-pack" => UploadPack,
        _ => null,
    };
}
