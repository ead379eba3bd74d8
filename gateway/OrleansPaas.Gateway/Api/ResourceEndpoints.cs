using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.Contracts.Resources;
using OrleansPaas.Resources;

namespace OrleansPaas.Gateway.Api;

/// <summary><c>resource:limit|limit-clear|report</c> (Dokku's names): an app's CPU and memory limits.</summary>
public static class ResourceEndpoints
{
    public static RouteGroupBuilder MapResources(this RouteGroupBuilder api)
    {
        api.MapGet("/apps/{app}/resources", ReportAsync).WithName("GetResources");
        api.MapPut("/apps/{app}/resources/limits", LimitAsync).WithName("SetResourceLimits");
        api.MapDelete("/apps/{app}/resources/limits", (string app, IGrainFactory grains, IOptions<PaasOptions> options) =>
            RunAsync(app, grains, options, g => g.ClearResourceLimitsAsync())).WithName("ClearResourceLimits");
        return api;
    }

    private static async Task<IResult> ReportAsync(string app, IGrainFactory grains, IOptions<PaasOptions> options)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        var (info, missing) = await handle.InfoAsync();
        return missing ?? Results.Ok(Report(info!, options.Value.Deploy));
    }

    private static Task<IResult> LimitAsync(string app, ResourceLimitRequest request, IGrainFactory grains, IOptions<PaasOptions> options)
    {
        if (Parse(request, out var change) is { } invalid)
        {
            return Task.FromResult(invalid);
        }

        return RunAsync(app, grains, options, g => g.SetResourceLimitsAsync(change));
    }

    /// <summary>Reads the values as users write them; the 400 names the first one that is not a limit.</summary>
    private static IResult? Parse(ResourceLimitRequest request, out ResourceLimits change)
    {
        change = ResourceLimits.None;
        long? cpu = null, memory = null;
        if (request.Cpu is not null)
        {
            if (CpuAmount.TryParse(request.Cpu, out var nanos) is { } problem)
            {
                return ApiResults.Invalid("cpu", problem);
            }

            cpu = nanos;
        }

        if (request.Memory is not null)
        {
            if (MemorySize.TryParse(request.Memory, out var bytes) is { } problem)
            {
                return ApiResults.Invalid("memory", problem);
            }

            memory = bytes;
        }

        change = new ResourceLimits(cpu, memory);
        return null;
    }

    private static async Task<IResult> RunAsync(string app, IGrainFactory grains, IOptions<PaasOptions> options, Func<IAppGrain, Task<AppCommandResult>> command)
    {
        if (!AppHandle.TryResolve(app, grains, out var handle, out var problem))
        {
            return problem;
        }

        return ApiResults.From(await command(handle.Grain), info => Report(info, options.Value.Deploy));
    }

    private static ResourceReport Report(AppInfo app, DeployOptions deploy)
    {
        var own = app.Resources ?? ResourceLimits.None;
        var effective = app.EffectiveResources ?? deploy.ResourcesFor(own);
        return new ResourceReport
        {
            Cpu = CpuAmount.Format(effective.NanoCpus),
            CpuSource = own.NanoCpus is null ? "default" : "app",
            Memory = MemorySize.Format(effective.MemoryBytes),
            MemoryBytes = effective.MemoryBytes,
            MemorySource = own.MemoryBytes is null ? "default" : "app",
            PidsLimit = deploy.PidsLimit,
            Capabilities = deploy.EffectiveCapabilities,
            NoNewPrivileges = true,
            Disk = deploy.DiskLimit,
        };
    }
}
