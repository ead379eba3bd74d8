using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls;

/// <summary>
/// When an ACME certificate is renewed: once a third of its lifetime is left (Let's Encrypt's own
/// advice for 90-day certificates: renew at 60 days), and after a failure only once a wait that
/// doubles with each failure in a row (1 h, 2 h, 4 h … at most 24 h) is over.
/// </summary>
public static class RenewalPolicy
{
    private static readonly TimeSpan LongestRetryWait = TimeSpan.FromHours(24);

    public static DateTimeOffset? RenewsAt(AppCertificate? certificate) => certificate is { Source: AppCertificate.LetsEncryptSource }
        ? certificate.NotAfter - (certificate.NotAfter - certificate.NotBefore) / 3
        : null;

    public static bool IsDue(AppCertificate? certificate, int failuresInARow, DateTimeOffset? lastFailure, DateTimeOffset now)
    {
        if (failuresInARow > 0 && lastFailure is { } failedAt && now < failedAt + RetryWait(failuresInARow))
        {
            return false;
        }

        return RenewsAt(certificate) is not { } renewsAt || now >= renewsAt;
    }

    public static TimeSpan RetryWait(int failuresInARow) =>
        TimeSpan.FromHours(Math.Min(LongestRetryWait.TotalHours, Math.Pow(2, Math.Max(0, failuresInARow - 1))));
}
