using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using OrleansPaas.Grains.Build;
using OrleansPaas.Configuration;
using OrleansPaas.Tls;

namespace OrleansPaas.Grains.Tls.Acme;

/// <summary>
/// Orders one certificate for a set of hosts over ACME with HTTP-01: each challenge's answer goes
/// into the TLS table, so every gateway of the cluster answers it, and the server is told to
/// validate only once every live gateway holds it. Progress goes to the job's log; a failed
/// validation fails with the ACME server's own reason.
/// </summary>
public sealed class CertificateIssuer(IGrainFactory grains, AcmeHttp http, IOptions<PaasOptions> options)
{
    private static readonly TimeSpan ValidationTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan GatewaysTimeout = TimeSpan.FromSeconds(30);

    public async Task<(string ChainPem, string KeyPem)> IssueAsync(IReadOnlyList<string> hosts, BuildLog log, CancellationToken cancellationToken)
    {
        var settings = options.Value.Acme;
        var directory = new Uri(settings.DirectoryUrl);
        using var accountKey = AcmeAccountKey.FromPkcs8(await grains.GetGrain<IAcmeAccountGrain>(settings.DirectoryUrl).GetOrCreateKeyAsync());
        var acme = new AcmeClient(http.Client, directory, accountKey);
        log.Step($"Using the ACME account at {directory}");
        await acme.RegisterAsync(settings.Email, cancellationToken);

        log.Step($"Ordering a certificate for {string.Join(", ", hosts)}");
        var order = await acme.NewOrderAsync(hosts, cancellationToken);
        var table = grains.GetGrain<ITlsTableGrain>(0);
        var answered = new List<string>();
        try
        {
            foreach (var url in order.Authorizations)
            {
                await AuthorizeAsync(acme, table, url, answered, log, cancellationToken);
            }

            order = await PollAsync(() => acme.GetOrderAsync(order.Url, cancellationToken), o => o.Status != "pending", cancellationToken);
            if (order.Status is not ("ready" or "valid"))
            {
                throw new AcmeProblemException("", $"the order is {order.Status}: {order.Error ?? "no reason given"}", 0);
            }

            log.Step("Finalizing the order");
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            order = await acme.FinalizeAsync(order, SigningRequest(hosts, key), cancellationToken);
            order = await PollAsync(() => acme.GetOrderAsync(order.Url, cancellationToken), o => o.Status is "valid" or "invalid", cancellationToken);
            if (order.Status != "valid" || order.Certificate is null)
            {
                throw new AcmeProblemException("", $"the order ended {order.Status}: {order.Error ?? "no reason given"}", 0);
            }

            var chain = await acme.DownloadCertificateAsync(order.Certificate, cancellationToken);
            log.Write("-----> Certificate issued");
            return (chain, new string(PemEncoding.Write("PRIVATE KEY", key.ExportPkcs8PrivateKey())));
        }
        finally
        {
            foreach (var token in answered)
            {
                await table.RemoveChallengeAsync(token);
            }
        }
    }

    private static async Task AuthorizeAsync(AcmeClient acme, ITlsTableGrain table, Uri url, List<string> answered, BuildLog log, CancellationToken cancellationToken)
    {
        var authorization = await acme.GetAuthorizationAsync(url, cancellationToken);
        if (authorization.Status == "valid")
        {
            log.Write($"       {authorization.Host}: already validated");
            return;
        }

        var challenge = authorization.Http01
            ?? throw new AcmeProblemException("", $"{authorization.Host}: the ACME server offers no HTTP-01 challenge", 0);
        var version = await table.SetChallengeAsync(challenge.Token, acme.Key.KeyAuthorization(challenge.Token));
        answered.Add(challenge.Token);
        if (!await table.WaitUntilAppliedAsync(version, GatewaysTimeout))
        {
            log.Write($"       {authorization.Host}: not every gateway confirmed the answer within {GatewaysTimeout.TotalSeconds:0} s; asking for validation anyway");
        }

        log.Step($"{authorization.Host}: answering the HTTP-01 challenge");
        await acme.AnswerChallengeAsync(challenge, cancellationToken);
        authorization = await PollAsync(() => acme.GetAuthorizationAsync(url, cancellationToken), a => a.Status is not ("pending" or "processing"),
            cancellationToken);
        if (authorization.Status != "valid")
        {
            throw new AcmeProblemException("", $"{authorization.Host}: {authorization.Error ?? $"the authorization is {authorization.Status}"}", 0);
        }

        log.Write($"       {authorization.Host}: validated");
    }

    private static byte[] SigningRequest(IReadOnlyList<string> hosts, ECDsa key)
    {
        var request = new CertificateRequest($"CN={hosts[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        return request.CreateSigningRequest();
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ValidationTimeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new AcmeProblemException("", $"the ACME server did not finish within {ValidationTimeout.TotalMinutes:0} minutes", 0);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
