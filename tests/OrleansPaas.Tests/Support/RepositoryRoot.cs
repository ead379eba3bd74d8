namespace OrleansPaas.Tests.Support;

public static class RepositoryRoot
{
    /// <summary>The checkout's top folder, found from the test assembly's location.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "OrleansPaas.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OrleansPaas.sln not found above " + AppContext.BaseDirectory);
    }
}
