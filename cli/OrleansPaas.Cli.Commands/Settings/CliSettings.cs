namespace OrleansPaas.Cli.Settings;

/// <summary>Where the admin API is and how to authenticate to it.</summary>
/// <param name="Url">The control URL, as the user wrote it (shown in messages).</param>
/// <param name="Token">The admin token, or null when none was found (the server then answers 401).</param>
internal sealed record CliSettings(string Url, string? Token);
