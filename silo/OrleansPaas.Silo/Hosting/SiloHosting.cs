using Microsoft.AspNetCore.Server.Kestrel.Https;
using Orleans.Configuration;
using OrleansPaas.Gateway.Routing;
using OrleansPaas.Gateway.Tls;
using OrleansPaas.Configuration;
using OrleansPaas.Configuration.Credentials;

namespace OrleansPaas.Silo.Hosting;

public static class SiloHosting
{
    /// <summary>
    /// The node's Orleans silo: one node on SQLite under <c>DataDir</c> by default, a member of a
    /// PostgreSQL cluster when <c>Paas:Cluster:PostgresConnectionString</c> is set. The schema is
    /// applied before the silo starts (for a cluster, by <see cref="NodePreflight"/>).
    /// </summary>
    public static WebApplicationBuilder AddPaasSilo(this WebApplicationBuilder builder, PaasOptions options)
    {
        // One credential for the silo port and the internal listener (UseInternalListener).
        var credential = NodeCredential.For(options);
        builder.Services.AddSingleton(credential);
        builder.UseOrleans(silo =>
        {
            // Other parts (placement, the membership view) find a node's silo by this name.
            silo.Configure<SiloOptions>(o => o.SiloName = options.NodeName);
            // Deploys, scaling and restarts wait for new instances to answer (up to the readiness
            // timeout each); Orleans' default 30 s call timeout would cut them off mid-way.
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(15));
            // Where grains live is cached per silo; the default room (a million entries) is
            // allocated up front, about 9 MiB of an idle node. A platform has a few grains per app.
            silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = 10_000);
            // Orleans refuses reminders below a minute by default; a shorter renewal check is allowed.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromTicks(
                Math.Min(o.MinimumReminderPeriod.Ticks, options.Acme.RenewalCheckInterval.Ticks)));
            if (options.Cluster.IsClusterMode)
            {
                silo.UseClusterMode(options, credential);
            }
            else
            {
                silo.UseSingleNodeMode(options, credential);
            }
        });
        return builder;
    }

    /// <summary>
    /// The control port serves git and the API (the gateway has its own server), over plain HTTP
    /// or HTTPS (<c>https://</c> URLs, with <see cref="ControlCertificates"/>). The git hook calls back
    /// over plain HTTP on loopback; without an http:// URL, a loopback-only one is added for it.
    /// The same server also holds the <see cref="InternalListener"/> other nodes fetch images from.
    /// </summary>
    public static WebApplicationBuilder UseControlUrls(this WebApplicationBuilder builder, PaasOptions options)
    {
        var urls = ListenAddress.Split(options.ControlUrls);
        var plain = urls.Where(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            .Select(u => ListenAddress.Parse(u, "http", nameof(options.ControlUrls))).ToList();
        var secure = urls.Where(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .Select(u => ListenAddress.Parse(u, "https", nameof(options.ControlUrls))).ToList();
        if (plain.Count == 0)
        {
            plain.Add(new ListenAddress(System.Net.IPAddress.Loopback, 0));
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in plain)
            {
                kestrel.ListenOn(address, _ => { });
            }

            foreach (var address in secure)
            {
                kestrel.ListenOn(address, listen => listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = context => kestrel.ApplicationServices.GetRequiredService<ControlCertificates>().SelectAsync(context),
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                }));
            }

            InternalListener.Listen(kestrel, options);
        });
        return builder;
    }
}
