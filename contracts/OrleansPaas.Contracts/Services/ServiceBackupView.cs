namespace OrleansPaas.Contracts.Services;

/// <summary>
/// One backup of a service: when, its size, how long the dump took, and its verification —
/// <c>Verification</c> is <c>ok</c>, <c>failed</c> or <c>not verified</c>; <c>VerificationDetail</c> says what was checked or why it failed.
/// <c>Locations</c> are the targets that hold it whole (<c>directory</c>, <c>s3</c>; none: its dump is gone);
/// <c>Copies</c> what became of each copy beyond the directory (a failed upload with its reason).
/// </summary>
public sealed record ServiceBackupView(
    string Id,
    DateTimeOffset Created,
    long SizeBytes,
    double Seconds,
    string Contents,
    string Verification,
    string? VerificationDetail,
    DateTimeOffset? VerifiedAt,
    double? VerificationSeconds,
    List<string>? Locations = null,
    List<ServiceBackupCopyView>? Copies = null);
