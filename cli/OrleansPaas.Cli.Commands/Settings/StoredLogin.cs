namespace OrleansPaas.Cli.Settings;

/// <summary>What <c>paas login</c> keeps: the control URL and the token that URL accepted.</summary>
internal sealed record StoredLogin(string Url, string Token);
