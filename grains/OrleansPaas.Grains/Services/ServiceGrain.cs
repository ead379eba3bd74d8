using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OrleansPaas.Apps;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Services;
using OrleansPaas.NodeServices.Services.Backups;
using OrleansPaas.NodeServices.Services.Transfers;
using OrleansPaas.Resources;
using OrleansPaas.Services;

namespace OrleansPaas.Grains.Services;

/// <summary>
/// One backing service (key = its name). A thin command processor like the app grain: validate
/// everything, then change the world and the stored state once; a refused command changes nothing.
/// It never calls Docker: its node's <see cref="IServiceNodeGrain"/> does.
/// </summary>
public sealed partial class ServiceGrain(
    [PersistentState("service", GrainStorage.Name)] IPersistentState<ServiceState> state,
    ClusterNodes nodes,
    IOptions<PaasOptions> options) : Grain, IServiceGrain, IServiceBackupsGrain, IServiceTransfersGrain
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);

    private string Name => this.GetPrimaryKeyString();

    private ServiceState State => state.State;

    private IServiceRegistryGrain Registry => GrainFactory.GetGrain<IServiceRegistryGrain>(0);

    private IServiceNodeGrain NodeGrain => GrainFactory.GetGrain<IServiceNodeGrain>(State.Node);

    public async Task<ServiceCommandResult> CreateAsync(string kind, string? version)
    {
        if (ServiceName.Problem(Name) is { } nameProblem)
        {
            return ServiceCommandResult.Invalid("name", nameProblem);
        }

        if (!ServiceKinds.TryParse(kind, out var parsedKind))
        {
            return ServiceCommandResult.Invalid("kind", $"the kind '{kind}' is not one of {string.Join(", ", ServiceKinds.Names)}");
        }

        var (image, versionProblem) = ServiceImage.For(options.Value.Services, parsedKind, version);
        if (image is null)
        {
            return ServiceCommandResult.Invalid("version", versionProblem!);
        }

        return await CreateOnAsync(parsedKind, image, nodes.Local);
    }

    /// <summary>Takes the name, then starts the container on <paramref name="node"/>; nothing stays of a service that did not start.</summary>
    private async Task<ServiceCommandResult> CreateOnAsync(ServiceKind parsedKind, string image, string node)
    {
        if (State.Exists)
        {
            return ServiceCommandResult.Conflict($"a service named '{Name}' already exists");
        }

        if ((await GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync()).Contains(Name, StringComparer.Ordinal))
        {
            return ServiceCommandResult.Conflict($"'{Name}' is already an app's name; choose another name for the service");
        }

        if (!await Registry.ReserveAsync(new ServiceEntry(Name, parsedKind, node, [])))
        {
            return ServiceCommandResult.Conflict($"a service named '{Name}' already exists");
        }

        var created = new ServiceState
        {
            Exists = true,
            Kind = parsedKind,
            Image = image,
            Node = node,
            Password = RandomNumberGenerator.GetHexString(32, lowercase: true),
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var before = state.State;
        try
        {
            var failure = await GrainFactory.GetGrain<IServiceNodeGrain>(node).EnsureRunningAsync(RequestFor(created));
            if (failure is not null)
            {
                await ForgetAsync(node);
                return ServiceCommandResult.Failed(failure);
            }

            state.State = created;
            await state.WriteStateAsync();
        }
        catch
        {
            // Any failure (the node's grain, the engine, storage): memory as stored, and the name released.
            state.State = before;
            await ForgetAsync(node);
            throw;
        }

        return ServiceCommandResult.Ok(await InfoAsync());
    }

    /// <summary>Nothing stays of a service that did not start: not its container, volume, network or name.</summary>
    private async Task ForgetAsync(string node)
    {
        try
        {
            await GrainFactory.GetGrain<IServiceNodeGrain>(node).RemoveAsync(Name);
        }
        catch (Exception)
        {
            // The node is why the create failed, perhaps: the name is released all the same, and the
            // keeper starts only services the registry lists, so a leftover container stays stopped or is removed with a later create.
        }

        await Registry.RemoveAsync(Name);
    }

    public async Task<ServiceCommandResult> LinkAsync(string app, string? variable)
    {
        if (Missing is { } missing)
        {
            return missing;
        }

        var name = variable ?? ServiceContract.For(State.Kind).DefaultVariable;
        if (EnvironmentKey.Validate(name) is { } keyProblem)
        {
            return ServiceCommandResult.Invalid("as", keyProblem);
        }

        if (!AppName.TryParse(app, out _, out var appProblem))
        {
            return ServiceCommandResult.Invalid("app", appProblem);
        }

        if (!(await GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync()).Contains(app, StringComparer.Ordinal))
        {
            return ServiceCommandResult.NotFound($"app '{app}' does not exist");
        }

        if (State.Links.Any(l => l.App == app))
        {
            return ServiceCommandResult.Conflict($"'{app}' is linked to '{Name}' already");
        }

        // The registry first: the new release's containers must find the link when they are created.
        var apps = State.Links.Select(l => l.App).Append(app).ToList();
        await Registry.SetAppsAsync(Name, apps);
        var url = ServiceUrl.For(State.Kind, Name, ServiceResources.Container(Name), State.Password);
        var changed = await GrainFactory.GetGrain<IAppGrain>(app).UpdateConfigAsync(new ConfigChange(new Dictionary<string, string> { [name] = url }, [], Restart: true));
        if (!changed.Succeeded)
        {
            await Registry.SetAppsAsync(Name, State.Links.Select(l => l.App).ToList());
            return new ServiceCommandResult(changed.Status, changed.Error, changed.Field, null);
        }

        State.Links.Add(new ServiceLink(app, name));
        await state.WriteStateAsync();
        return ServiceCommandResult.Ok(await InfoAsync());
    }

    public async Task<ServiceCommandResult> UnlinkAsync(string app)
    {
        if (Missing is { } missing)
        {
            return missing;
        }

        if (State.Links.FirstOrDefault(l => l.App == app) is not { } link)
        {
            return ServiceCommandResult.NotFound($"'{app}' is not linked to '{Name}'");
        }

        var failure = await UnlinkOneAsync(link);
        return failure ?? ServiceCommandResult.Ok(await InfoAsync());
    }

    public async Task<ServiceCommandResult> DestroyAsync(bool force)
    {
        if (Missing is { } missing)
        {
            return missing;
        }

        if (State.Links.Count > 0 && !force)
        {
            return ServiceCommandResult.Conflict(
                $"'{Name}' is linked to {string.Join(", ", State.Links.Select(l => l.App))}; unlink first, or destroy with --force to unlink them");
        }

        foreach (var link in State.Links.ToList())
        {
            if (await UnlinkOneAsync(link) is { } failure)
            {
                return failure;
            }
        }

        await NodeGrain.RemoveAsync(Name);
        // Its schedules go too: their reminder would otherwise keep firing for a service that is gone
        // (and back up a new service that takes the name). Its stored backups stay, for a restore elsewhere.
        await GrainFactory.GetGrain<OrleansPaas.BackupSchedules.IServiceBackupScheduleGrain>(Name).ClearAsync();
        await Registry.RemoveAsync(Name);
        await state.ClearStateAsync();
        state.State = new ServiceState();
        return ServiceCommandResult.Ok(new ServiceInfo(Name, default, "", "", "destroyed", "", "", 0, [], default, ""));
    }

    public async Task<ServiceInfo?> GetInfoAsync() => State.Exists ? await InfoAsync() : null;

    public async Task EnsureRunningAsync()
    {
        if (State.Exists)
        {
            await NodeGrain.EnsureRunningAsync(RequestFor(State));
        }
    }

    private ServiceCommandResult? Missing => State.Exists ? null : ServiceCommandResult.NotFound($"service '{Name}' does not exist");

    /// <summary>Takes the URL out of the app's config (a new release without it), then its containers off the network; null when done.</summary>
    private async Task<ServiceCommandResult?> UnlinkOneAsync(ServiceLink link)
    {
        var appExists = (await GrainFactory.GetGrain<IAppRegistryGrain>(0).ListAsync()).Contains(link.App, StringComparer.Ordinal);
        if (appExists)
        {
            var changed = await GrainFactory.GetGrain<IAppGrain>(link.App).UpdateConfigAsync(new ConfigChange(new Dictionary<string, string>(), [link.Variable], Restart: true));
            if (!changed.Succeeded && changed.Status != AppCommandStatus.NotFound)
            {
                return new ServiceCommandResult(changed.Status, changed.Error, changed.Field, null);
            }
        }

        var remaining = State.Links.Where(l => l.App != link.App).ToList();
        await Registry.SetAppsAsync(Name, remaining.Select(l => l.App).ToList());
        await NodeGrain.DisconnectAppAsync(Name, link.App);
        State.Links = remaining;
        await state.WriteStateAsync();
        return null;
    }

    private async Task<ServiceInfo> InfoAsync()
    {
        string status;
        try
        {
            status = await NodeGrain.StatusAsync(Name).WaitAsync(StatusTimeout);
        }
        catch (Exception)
        {
            // Its node is away or slow: the service is not known to be down, nor up.
            status = "unknown";
        }

        return new ServiceInfo(Name, State.Kind, State.Image, State.Node, status, ServiceResources.Volume(Name),
            ServiceResources.Container(Name), ServiceContract.For(State.Kind).Port, State.Links.ToList(), State.CreatedAt,
            ServiceImage.VersionOf(State.Image));
    }

    private ServiceContainerRequest RequestFor(ServiceState service)
    {
        var contract = ServiceContract.For(service.Kind);
        var limits = options.Value.Services;
        return new ServiceContainerRequest(Name, service.Kind, service.Image,
            ServiceContract.Environment(service.Kind, Name), ServiceContract.Command(service.Kind),
            contract.DataPath, contract.Port, limits.MemoryLimitMiB * (1L << 20), (long)(limits.CpuLimit * CpuAmount.NanosPerCore),
            ServiceContract.SecretFile(service.Kind, service.Password));
    }
}
