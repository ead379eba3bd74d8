namespace OrleansPaas.NodeServices.Backup;

/// <summary>A backup or restore that cannot be done, or an archive that is refused: the message is one sentence for the operator, and nothing was changed.</summary>
public sealed class BackupProblemException(string sentence) : Exception(sentence);
