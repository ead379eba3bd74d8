using OrleansPaas.Apps;
using OrleansPaas.Grains.Build;
using OrleansPaas.Grains.Build.Buildpacks;
using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Cluster;
using OrleansPaas.NodeServices.Runtime;
using OrleansPaas.NodeServices.Telemetry;
using OrleansPaas.Nodes;
using OrleansPaas.Services;

namespace OrleansPaas.Grains.Deploy;

/// <summary>
/// One deploy, scale, restart or rollback of an app, as steps: choose nodes → make sure each has
/// the image → release phase → start and health-check → (the app grain publishes the routes) →
/// retire the old instances. Every step writes its lines to the log the push or CLI shows.
/// A plain object: it decides nothing about desired state, which stays in the app grain (which
/// also resolves the <paramref name="resources"/> every container it starts gets).
/// </summary>
public sealed class Rollout(AppName app, string virtualHost, IGrainFactory grains, ClusterNodes nodes, DeployOptions options, BuildLog log,
    OrleansPaas.Resources.ContainerResources resources)
{
    public const string WebProcess = "web";

    /// <summary>The app's mounts, ports, capabilities and devices, as its grain stored them.</summary>
    public OrleansPaas.Attachments.ContainerAttachments Attachments { get; init; } = OrleansPaas.Attachments.ContainerAttachments.None;

    /// <summary>The node holding the app's volumes (recorded at its first deploy with storage); every instance goes there.</summary>
    public string? StorageNode { get; init; }

    /// <summary>
    /// Brings <paramref name="release"/> up at <paramref name="formation"/>: instances in
    /// <paramref name="keep"/> stay (same program, already running), every other slot gets a new
    /// instance. Returns kept + started; on failure, the started ones are removed again.
    /// </summary>
    public async Task<RolloutResult> StartAsync(ReleaseRecord release, IReadOnlyDictionary<string, int> formation,
        IReadOnlyList<InstanceInfo> keep, bool runReleasePhase)
    {
        using var span = PaasTracing.StartStep("start instances");
        var live = nodes.Live();
        if (live.Count == 0)
        {
            return Fail("no node of the cluster is available");
        }

        if (OrleansPaas.Attachments.StoragePlacement.Refusal(Attachments, StorageNode, live) is { } pinned)
        {
            return Fail(pinned);
        }

        var kept = keep.Where(i => live.Contains(i.Node) && i.Index <= Count(formation, i.Process) && release.ScalableTypes.Contains(i.Process)).ToList();
        var slots = Slots(release, formation).Where(s => !kept.Any(k => k.Process == s.Process && k.Index == s.Index)).ToList();
        var placement = await PlaceAsync(slots, kept, live);
        if (placement.Count < slots.Count)
        {
            return Fail($"no node could take {string.Join(", ", slots.Where(s => !placement.ContainsKey(s)))} (no node reported its load in time)");
        }

        if (placement.Count > 0)
        {
            var targets = placement.Values.Distinct().Order(StringComparer.Ordinal).ToList();
            log.Step($"Placing {string.Join(", ", placement.Select(p => $"{p.Key} on {p.Value}"))}");
            if (await Images.EnsureImageAsync(release.Image, targets, live) is { } imageProblem)
            {
                return Fail(imageProblem);
            }
        }

        if (await Images.KeepTwoCopiesAsync(release.Image, live) is { } copyProblem)
        {
            return Fail(copyProblem);
        }

        var predeploy = runReleasePhase ? release.AppJson?.Predeploy : null;
        if (predeploy is not null || (runReleasePhase && release.ProcessTypes.ContainsKey(ReleaseRecord.ReleasePhase)))
        {
            var node = placement.Values.FirstOrDefault() ?? kept.Select(k => k.Node).FirstOrDefault() ?? live[0];
            if (await Images.EnsureImageAsync(release.Image, [node], live) is { } imageProblem)
            {
                return Fail(imageProblem);
            }

            // Dokku's order: app.json's predeploy, then the Procfile's release command.
            if (predeploy is not null && !await Scripts.RunScriptAsync(release, node, DeployScripts.PredeployScript, predeploy))
            {
                return RolloutResult.Failed("the predeploy command failed");
            }

            if (release.ProcessTypes.ContainsKey(ReleaseRecord.ReleasePhase) && !await Scripts.RunReleasePhaseAsync(release, node))
            {
                return RolloutResult.Failed("the release command failed");
            }
        }

        var started = await StartSlotsAsync(release, placement);
        if (started.Problem is not null)
        {
            return started;
        }

        var serving = kept.Concat(started.Instances!).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        log.Detail(serving.Any(i => i.Process == WebProcess) ? "Switching routes to the new instance(s)" : "No web instance: nothing is routed");
        return new RolloutResult(serving, null);
    }

    /// <summary>Starts one instance per slot on its node, all at once; if any fails, removes those that started.</summary>
    public async Task<RolloutResult> StartSlotsAsync(ReleaseRecord release, IReadOnlyDictionary<InstanceSlot, string> placement)
    {
        var attempts = placement.Select(p => StartLoggedAsync(release, p.Key, p.Value)).ToList();
        var results = await Task.WhenAll(attempts);
        var started = results.Where(r => r.Instance is not null).Select(r => r.Instance!).ToList();
        var failed = results.FirstOrDefault(r => r.Instance is null);
        if (failed is null)
        {
            return new RolloutResult(started, null);
        }

        log.Error($"Deploy failed: {failed.Problem}");
        // Nothing half-started stays behind; the old instances keep serving.
        await StopAsync(started);
        return RolloutResult.Failed(failed.Problem!);
    }

    /// <summary>Starts one slot on a node, bringing the image there first (reconciliation re-placing an instance).</summary>
    public async Task<InstanceStartResult> StartOneAsync(ReleaseRecord release, InstanceSlot slot, string node) =>
        await Images.EnsureImageAsync(release.Image, [node], nodes.Live()) is { } problem
            ? InstanceStartResult.Failed(problem)
            : await StartLoggedAsync(release, slot, node);

    private async Task<InstanceStartResult> StartLoggedAsync(ReleaseRecord release, InstanceSlot slot, string node)
    {
        log.Detail(slot.Process == WebProcess
            ? $"Starting {slot} on {node}; waiting for it to answer on port {release.Port}"
            : $"Starting {slot} on {node}");
        try
        {
            var request = Request(release, slot);
            // Bounded: a node whose engine hangs is never declared dead, and this holds the app's commands meanwhile.
            var result = await grains.Node(node).StartInstanceAsync(request).WaitAsync(StartBound(request));
            log.Detail(result.Instance is { } i
                ? $"{slot} {(slot.Process == WebProcess ? "answers" : "is running")} ({ContainerIds.Short(i.ContainerId)} on {node})"
                : $"{slot} did not come up on {node}");
            return result;
        }
        catch (Exception ex)
        {
            return InstanceStartResult.Failed($"node {node} failed to start {slot}: {ex.GetBaseException().Message}");
        }
    }

    // Beyond the instance's own readiness wait and checks: the engine's create and start, and the grain call.
    private static readonly TimeSpan StartSlack = TimeSpan.FromSeconds(60);

    /// <summary>The longest a node may take to start an instance and see it answer: its readiness timeout and every health check's attempts.</summary>
    public static TimeSpan StartBound(InstanceRequest request) =>
        request.ReadinessTimeout + StartSlack + request.Checks.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.InitialDelay + (c.Timeout + c.Wait) * c.Attempts);

    /// <summary>Stops and removes instances on their nodes (nodes that are gone took theirs with them).</summary>
    public Task StopAsync(IReadOnlyList<InstanceInfo> instances) =>
        OnTheirNodesAsync(instances, (node, ids) => node.StopInstancesAsync(ids));

    /// <summary>Stops instances on their nodes and keeps the containers, for a sleeping app's next wake.</summary>
    public Task ParkAsync(IReadOnlyList<InstanceInfo> instances) =>
        OnTheirNodesAsync(instances, (node, ids) => node.ParkInstancesAsync(ids));

    // Beyond the engine's own stop timeout: the engine's kill after it, and the grain call.
    private static readonly TimeSpan StopSlack = TimeSpan.FromSeconds(30);

    private async Task OnTheirNodesAsync(IReadOnlyList<InstanceInfo> instances, Func<INodeGrain, IReadOnlyList<string>, Task> action)
    {
        var live = nodes.Live();
        await Task.WhenAll(instances.Where(i => live.Contains(i.Node)).GroupBy(i => i.Node).Select(async group =>
        {
            try
            {
                // Bounded: retirements take turns, so a node that is up but does not answer must not hold the next one.
                await action(grains.Node(group.Key), group.Select(i => i.ContainerId).ToList()).WaitAsync(options.StopTimeout + StopSlack);
            }
            catch (Exception)
            {
                // The node left meanwhile (or did not answer): reconciliation removes its strays when it returns,
                // and a wake starts new containers in place of parked ones that went with it.
            }
        }));
    }

    /// <summary>Old web instances get the drain time for requests in flight (the gateways no longer send new ones), then stop.</summary>
    public async Task RetireAsync(IReadOnlyList<InstanceInfo> retired)
    {
        if (retired.Count == 0)
        {
            return;
        }

        if (retired.Any(i => i.Process == WebProcess) && options.DrainTime > TimeSpan.Zero)
        {
            await Task.Delay(options.DrainTime);
        }

        await StopAsync(retired);
    }

    /// <summary>Chooses a node for each slot: fewest instances of this app first, then least loaded.</summary>
    public async Task<IReadOnlyDictionary<InstanceSlot, string>> PlaceAsync(IReadOnlyList<InstanceSlot> slots, IReadOnlyList<InstanceInfo> kept, IReadOnlyList<string> live)
    {
        if (slots.Count == 0)
        {
            return new Dictionary<InstanceSlot, string>();
        }

        var loads = new Dictionary<string, int>(StringComparer.Ordinal);
        // Only the running count is needed: one container list per node (a full report asks the
        // engine three times), and none at all when there is one node to choose.
        await Task.WhenAll(live.Select(async node =>
        {
            try
            {
                var running = live.Count == 1 ? 0 : (await grains.Node(node).ListAllInstancesAsync().WaitAsync(TimeSpan.FromSeconds(10))).Count(i => i.Running);
                lock (loads)
                {
                    loads[node] = running;
                }
            }
            catch (Exception)
            {
                // A node that cannot report is not given new instances.
            }
        }));

        var result = new Dictionary<InstanceSlot, string>();
        var side = live.Count > 1 ? await ServiceSideAsync(loads.Keys.ToList()) : null;
        if (Attachments.Mounts.Count > 0)
        {
            // Storage lives on one node: every instance runs there, or none starts.
            var holder = NodeChooser.ForStorage(StorageNode, kept.Select(k => k.Node), loads);
            if (holder is not null && side?.Node is { } serviceNode && serviceNode != holder)
            {
                log.Detail($"{app}'s storage keeps its instances on node {holder}: they cannot reach its linked service(s) on node {serviceNode} "
                           + "(services:move them there, or storage:move the app's storage)");
            }

            return holder is not null ? slots.ToDictionary(s => s, _ => holder) : result;
        }

        if (side is not null)
        {
            log.Detail($"Placing {app}'s instances {side.Reason}");
            if (side.Node is { } beside)
            {
                return slots.ToDictionary(s => s, _ => beside);
            }
        }

        // Per process type, so each type is spread on its own (web.1 and web.2 on different nodes).
        foreach (var group in slots.GroupBy(s => s.Process))
        {
            var appCounts = kept.Where(k => k.Process == group.Key).GroupBy(k => k.Node).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var chosen = NodeChooser.Choose(appCounts, loads, group.Count());
            foreach (var (slot, node) in group.Zip(chosen))
            {
                result[slot] = node;
                loads[node]++;
            }
        }

        return result;
    }

    /// <summary>
    /// The app's linked services' node among <paramref name="available"/> (<see cref="ServicePlacement"/>); null when
    /// it is linked to none, or the registry does not answer in time (then the start's own network join says so).
    /// </summary>
    private async Task<ServiceSide?> ServiceSideAsync(IReadOnlyCollection<string> available)
    {
        try
        {
            var services = await grains.GetGrain<IServiceRegistryGrain>(0).ListAsync().WaitAsync(TimeSpan.FromSeconds(10));
            return ServicePlacement.For(app.Value, services, available);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Every slot of a release's formation (web defaults to 1, every other type to 0).</summary>
    public static IReadOnlyList<InstanceSlot> Slots(ReleaseRecord release, IReadOnlyDictionary<string, int> formation) =>
        release.ScalableTypes.SelectMany(p => Enumerable.Range(1, Count(formation, p)).Select(i => new InstanceSlot(p, i))).ToList();

    public static int Count(IReadOnlyDictionary<string, int> formation, string process) =>
        formation.TryGetValue(process, out var count) ? count : process == WebProcess ? 1 : 0;

    /// <summary>Where the app's images are, and copies of them between nodes.</summary>
    public ImageSpread Images => _images ??= new ImageSpread(grains, nodes, log);

    private ImageSpread? _images;

    /// <summary>The release phase and app.json's deploy scripts, as one-off containers of the release.</summary>
    public DeployScripts Scripts => _scripts ??= new DeployScripts(grains, nodes, log, Images, Request);

    private DeployScripts? _scripts;

    /// <summary>What a node needs to start one process of a release.</summary>
    public InstanceRequest Request(ReleaseRecord release, InstanceSlot slot) =>
        Request(release, slot, release.ProcessTypes.GetValueOrDefault(slot.Process, ""));

    /// <summary>What a node needs to run <paramref name="command"/> (a deploy script, a cron job) from a release, as its process would.</summary>
    public InstanceRequest Request(ReleaseRecord release, InstanceSlot slot, string command) =>
        Request(app, virtualHost, release, slot, command, options, resources, Attachments);

    /// <summary>
    /// The one way a release's command becomes what a node runs (an instance, the release phase, a
    /// script, a cron job): only the ported process gets the app's ports; every one gets its mounts.
    /// </summary>
    public static InstanceRequest Request(AppName app, string virtualHost, ReleaseRecord release, InstanceSlot slot, string command,
        DeployOptions options, OrleansPaas.Resources.ContainerResources resources, OrleansPaas.Attachments.ContainerAttachments attachments)
    {
        var environment = new Dictionary<string, string>(release.Config) { ["PORT"] = release.Port.ToString() };
        IReadOnlyList<string>? argv = release.Kind == ReleaseKind.Slug
            ? [SlugImage.Launcher, command]
            : command.Length == 0 ? null : ["sh", "-c", command];
        return new InstanceRequest(app.Value, slot.Process, slot.Index, release.Version, release.Image, release.Port,
            environment, argv, virtualHost, slot.Process == WebProcess ? release.Checks : [], options.ReadinessTimeout, resources,
            slot.Process == OrleansPaas.Attachments.ContainerAttachments.PortedProcess(release.ProcessTypes) ? attachments : attachments.WithoutPorts());
    }

    private RolloutResult Fail(string problem)
    {
        log.Error($"Deploy failed: {problem}");
        return RolloutResult.Failed(problem);
    }

}
