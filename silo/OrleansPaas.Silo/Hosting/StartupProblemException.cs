namespace OrleansPaas.Silo.Hosting;

/// <summary>A start-up check found something outside the settings to fix; the message is the one sentence saying what.</summary>
public sealed class StartupProblemException(string sentence) : Exception(sentence);
