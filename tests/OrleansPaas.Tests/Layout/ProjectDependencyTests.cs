using System.Reflection;
using OrleansPaas.Dashboard;
using OrleansPaas.Gateway;

namespace OrleansPaas.Tests.Layout;

/// <summary>
/// The gateway and the dashboard depend on the abstractions, the contracts and the node services,
/// never on the grains implementation (issue 19): a grain change must not reach the edge's build,
/// and the edge must not reach past the grain interfaces into a grain's internals.
/// </summary>
public sealed class ProjectDependencyTests
{
    private const string GrainsImplementation = "OrleansPaas.Grains";

    [Fact]
    public void TheGateway_DoesNotDependOnTheGrainsImplementation_EvenThroughAnotherProject()
    {
        var reached = OwnAssembliesReachedFrom(typeof(GatewayServiceCollectionExtensions).Assembly);

        Assert.Contains("OrleansPaas.NodeServices", reached);
        Assert.DoesNotContain(GrainsImplementation, reached);
    }

    [Fact]
    public void TheDashboard_DoesNotDependOnTheGrainsImplementation_EvenThroughAnotherProject()
    {
        var reached = OwnAssembliesReachedFrom(typeof(DashboardServiceCollectionExtensions).Assembly);

        Assert.Contains("OrleansPaas.Gateway", reached);
        Assert.DoesNotContain(GrainsImplementation, reached);
    }

    /// <summary>The project's own assemblies that <paramref name="start"/> references, directly or through each other.</summary>
    private static HashSet<string> OwnAssembliesReachedFrom(Assembly start)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([start]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is { } name && name.StartsWith("OrleansPaas.", StringComparison.Ordinal) && reached.Add(name))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        return reached;
    }
}
