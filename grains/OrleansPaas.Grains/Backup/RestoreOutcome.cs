namespace OrleansPaas.Grains.Backup;

/// <summary>What a restore brought back: the apps, the images loaded into the engine, and why images were not (the node then rebuilds those apps from their commits).</summary>
public sealed record RestoreOutcome(IReadOnlyList<string> Apps, IReadOnlyList<string> LoadedImages, IReadOnlyList<string> ImageProblems);
