using OrleansPaas.Tests.Support;

namespace OrleansPaas.Tests.EndToEnd;

/// <summary>One running node shared by the end-to-end tests of a collection; each test uses apps of its own.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    public PaasNode Node { get; } = new();

    public Task InitializeAsync() => Node.StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();

    /// <summary>A fresh app name, so tests sharing the node never collide.</summary>
    public static string NewAppName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
}

[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<NodeFixture>
{
    public const string Name = "node";
}
