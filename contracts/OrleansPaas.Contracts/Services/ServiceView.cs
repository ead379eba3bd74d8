namespace OrleansPaas.Contracts.Services;

/// <summary>
/// One backing service as <c>GET /api/services[/{name}]</c> shows it. <c>Status</c> is observed on its
/// node now (running, exited (CODE), missing, unknown); the password is not shown (linked apps have it in their URL).
/// </summary>
public sealed record ServiceView(
    string Name,
    string Kind,
    string Image,
    string Version,
    string Node,
    string Status,
    string Volume,
    string Host,
    int Port,
    List<ServiceLinkView> Links,
    DateTimeOffset CreatedAt,
    ServiceBackupView? LastBackup = null);
