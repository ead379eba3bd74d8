namespace OrleansPaas.Grains.Runtime;

/// <summary>One line a container wrote, and where it wrote it.</summary>
public sealed record OutputLine(string Source, bool IsError, string Text);
