using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansPaas.Dashboard.Actions;
using OrleansPaas.Dashboard.Assets;
using OrleansPaas.Dashboard.Live;
using OrleansPaas.Dashboard.Pages;
using OrleansPaas.Dashboard.Session;
using OrleansPaas.Configuration;

namespace OrleansPaas.Dashboard;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>The web dashboard on the control port: pages rendered on the server, live over server-sent events.</summary>
    public static IServiceCollection AddPaasDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddDashboardSession();
        // Session and antiforgery cookies are sealed with keys kept in the data directory, so a
        // restart of the node does not log everyone out.
        services.AddDataProtection().SetApplicationName("OrleansPaas");
        services.LoadKeyRingOnFirstUse();
        // The data folder is only known from the options, so the key folder is set once they are.
        services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<DataPaths, Microsoft.Extensions.Logging.ILoggerFactory>((keys, paths, loggers) => keys.XmlRepository =
                new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(new DirectoryInfo(Path.Combine(paths.Root, "dashboard-keys")), loggers));
        services.AddSingleton<FragmentRenderer>();
        services.AddSingleton<TrafficSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<TrafficSampler>());
        services.AddSingleton<FeedTicks>();
        services.AddSingleton<DashboardData>();
        services.AddSingleton<PartFeed>();
        services.AddSingleton<AppFeed>();
        return services;
    }

    public static WebApplication MapPaasDashboard(this WebApplication app)
    {
        app.MapDashboardAssets();
        app.MapDashboardLogin();
        var dashboard = app.MapGroup("")
            .RequireAuthorization(DashboardSession.Policy)
            .WithMetadata(new ExcludeFromDescriptionAttribute());
        dashboard.MapDashboardPages();
        dashboard.MapDashboardActions();
        dashboard.MapDashboardFeeds();
        return app;
    }
}
