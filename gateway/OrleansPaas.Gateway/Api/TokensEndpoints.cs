using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrleansPaas.Access;
using OrleansPaas.Apps;
using OrleansPaas.Contracts.Tokens;
using OrleansPaas.Gateway.Audit;
using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>tokens:create|list|revoke</c>: admin only.</summary>
public static class TokensEndpoints
{
    public static RouteGroupBuilder MapTokens(this RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithMetadata(RequiresRole.Admin);
        tokens.MapGet("", ListAsync).WithName("ListTokens");
        tokens.MapPost("", CreateAsync).WithName("CreateToken");
        tokens.MapDelete("/{name}", RevokeAsync).WithName("RevokeToken");
        return api;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains) =>
        Results.Ok((await grains.GetGrain<ITokenTableGrain>(0).ListAsync()).Select(View).ToList());

    private static async Task<IResult> CreateAsync(HttpContext http, CreateTokenRequest request, IGrainFactory grains, TimeProvider time)
    {
        RequestAudit.Of(http).Detail = $"token {request.Name}, role {request.Role}";
        if (!PaasRoles.TryParse(request.Role, out var role))
        {
            return ApiResults.Invalid("role", $"the role must be one of {PaasRoles.Names} (it is '{request.Role}')");
        }

        var apps = new List<string>();
        foreach (var app in request.Apps ?? [])
        {
            if (!AppName.TryParse(app, out var name, out var error))
            {
                return ApiResults.Invalid("apps", error);
            }

            apps.Add(name.Value);
        }

        DateTimeOffset? expires = null;
        if (request.ExpiresIn is { Length: > 0 } text)
        {
            if (!TokenLifetime.TryParse(text, out var lifetime))
            {
                return ApiResults.Invalid("expiresIn", $"'{text}' is not a lifetime: give a number of days, hours or minutes such as 90d, 12h or 30m (at most 3650d)");
            }

            expires = time.GetUtcNow() + lifetime;
        }

        // Made here and shown once: the cluster keeps only its hash.
        var token = TokenHash.NewToken();
        var result = await grains.GetGrain<ITokenTableGrain>(0).CreateAsync(new TokenCreation(request.Name ?? "", role, apps, TokenHash.Of(token), expires));
        return result.Succeeded
            ? Results.Created($"/api/tokens/{result.Token!.Name}", new CreatedTokenView { Token = token, Details = View(result.Token) })
            : Problem(result);
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, string name, IGrainFactory grains)
    {
        RequestAudit.Of(http).Detail = $"token {name}";
        var result = await grains.GetGrain<ITokenTableGrain>(0).RevokeAsync(name);
        return result.Succeeded ? Results.NoContent() : Problem(result);
    }

    private static IResult Problem(TokenCommandResult result) => result.Status switch
    {
        TokenCommandStatus.NotFound => ApiResults.NotFound(result.Error!),
        TokenCommandStatus.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Error),
        TokenCommandStatus.NotConfirmed => Results.Problem(statusCode: StatusCodes.Status504GatewayTimeout, title: "Not confirmed by every node", detail: result.Error),
        _ => ApiResults.Invalid("name", result.Error!),
    };

    private static TokenView View(TokenRecord token) => new()
    {
        Name = token.Name,
        Role = PaasRoles.Name(token.Role),
        Apps = token.Apps,
        CreatedAt = token.CreatedAt,
        LastUsedAt = token.LastUsedAt,
        ExpiresAt = token.ExpiresAt,
    };
}
