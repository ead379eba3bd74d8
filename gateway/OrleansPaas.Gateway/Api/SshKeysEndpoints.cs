using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Contracts.SshKeys;
using OrleansPaas.Gateway.Auth;
using OrleansPaas.Ssh;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>ssh-keys:add|remove|list</c>: the keys that may push and run commands over SSH, cluster-wide.</summary>
public static class SshKeysEndpoints
{
    public static RouteGroupBuilder MapSshKeys(this RouteGroupBuilder api)
    {
        // Keys are credentials: only an admin sees or changes them.
        api.MapGet("/ssh-keys", ListAsync).WithName("ListSshKeys").WithMetadata(RequiresRole.Admin);
        api.MapPost("/ssh-keys", AddAsync).WithName("AddSshKey").WithMetadata(RequiresRole.Admin);
        api.MapDelete("/ssh-keys/{name}", RemoveAsync).WithName("RemoveSshKey").WithMetadata(RequiresRole.Admin);
        return api;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains)
    {
        var keys = await grains.GetGrain<ISshKeysGrain>(0).ListAsync();
        return Results.Ok(keys.Select(View).ToList());
    }

    private static async Task<IResult> AddAsync(AddSshKeyRequest request, IGrainFactory grains) =>
        From(await grains.GetGrain<ISshKeysGrain>(0).AddAsync(request.Name ?? "", request.Key ?? "", request.Role, request.Apps ?? []));

    private static async Task<IResult> RemoveAsync(string name, IGrainFactory grains) =>
        From(await grains.GetGrain<ISshKeysGrain>(0).RemoveAsync(name));

    private static IResult From(SshKeyResult result) => result.Status switch
    {
        SshKeyStatus.Ok => Results.Ok(View(result.Key!)),
        SshKeyStatus.NotFound => ApiResults.NotFound(result.Error!),
        SshKeyStatus.Invalid => ApiResults.Invalid(result.Field ?? "request", result.Error!),
        _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Error),
    };

    private static SshKeyView View(SshKey key) => new(key.Name, key.Fingerprint, key.Type, key.Bits, key.Role, key.AddedAt, key.CoveredApps);
}
