namespace OrleansPaas.Cli.Checkout;

/// <summary>One remote of a git checkout: its name and its fetch URL as git reports it.</summary>
internal sealed record GitRemote(string Name, string Url);
