namespace OrleansPaas.NodeServices.Runtime;

/// <summary>Labels every app container carries (DESIGN.md §1); they are how the platform finds its containers again.</summary>
public static class ContainerLabels
{
    public const string App = "paas.app";
    public const string Process = "paas.process";
    public const string Release = "paas.release";
    public const string Node = "paas.node";

    /// <summary>The instance number within its process type (web.1, web.2, …).</summary>
    public const string Index = "paas.index";

    /// <summary>On an app's named volume (<c>storage:create</c>): its name as users give it.</summary>
    public const string Volume = "paas.volume";
}
