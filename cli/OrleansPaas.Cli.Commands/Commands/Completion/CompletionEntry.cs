namespace OrleansPaas.Cli.Commands.Completion;

/// <summary>One command as the shells complete it: its name, what it does, its options and the fixed values its arguments take.</summary>
internal sealed record CompletionEntry(string Name, string Description, IReadOnlyList<string> Options, IReadOnlyList<string> Values);
