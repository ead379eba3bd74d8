using System.CommandLine;
using OrleansPaas.Cli.Commands.Apps;
using OrleansPaas.Cli.Commands.Builds;
using OrleansPaas.Cli.Commands.Config;
using OrleansPaas.Cli.Commands.Certs;
using OrleansPaas.Cli.Commands.Completion;
using OrleansPaas.Cli.Commands.Domains;
using OrleansPaas.Cli.Commands.LetsEncrypt;
using OrleansPaas.Cli.Commands.Git;
using OrleansPaas.Cli.Commands.Login;
using OrleansPaas.Cli.Commands.Logs;
using OrleansPaas.Cli.Commands.Platform;
using OrleansPaas.Cli.Commands.Ps;
using OrleansPaas.Cli.Commands.Releases;
using OrleansPaas.Cli.Commands.Repo;
using OrleansPaas.Cli.Commands.Resource;
using OrleansPaas.Cli.Commands.Cron;
using OrleansPaas.Cli.Commands.Run;
using OrleansPaas.Cli.Commands.Services;
using OrleansPaas.Cli.Commands.SshKeys;
using OrleansPaas.Cli.Commands.Storage;
using OrleansPaas.Cli.Commands.Ports;
using OrleansPaas.Cli.Commands.Events;
using OrleansPaas.Cli.Commands.Tokens;

namespace OrleansPaas.Cli.Commands;

/// <summary>The <c>paas</c> command tree, Dokku's names in colon form (<c>apps:create</c>).</summary>
internal static class PaasRootCommand
{
    public static RootCommand Create(CommandContext context)
    {
        var root = new RootCommand(
            "paas: the OrleansPaas command line. Talks to the admin API at $PAAS_URL, else the URL of 'paas login' "
            + "(default http://127.0.0.1:8081), with the token in $PAAS_TOKEN, else the one 'paas login' kept, "
            + "else $Paas__DataDir/admin-token or ./data/admin-token. Inside an app's git checkout, commands take the app "
            + "from the remote that points at the platform.")
        {
            context.Json,
            context.App,
            AppsListCommand.Create(context),
            AppsCreateCommand.Create(context),
            AppsInfoCommand.Create(context),
            AppsDestroyCommand.Create(context),
            ConfigShowCommand.Create(context),
            ConfigGetCommand.Create(context),
            ConfigSetCommand.Create(context),
            ConfigUnsetCommand.Create(context),
            DomainsAddCommand.Create(context),
            DomainsRemoveCommand.Create(context),
            DomainsReportCommand.Create(context),
            CertsAddCommand.Create(context),
            CertsRemoveCommand.Create(context),
            CertsReportCommand.Create(context),
            CertsHstsCommand.Create(context),
            LetsEncryptEnableCommand.Create(context),
            LetsEncryptDisableCommand.Create(context),
            LetsEncryptListCommand.Create(context),
            PsScaleCommand.Create(context),
            PsReportCommand.Create(context),
            PsSetCommand.Create(context),
            PsChangeCommand.Create(context, "stop", "Stop the app's processes; the gateway answers 503 meanwhile", "Stopped"),
            PsChangeCommand.Create(context, "start", "Start the app's processes at the current formation", "Started"),
            PsChangeCommand.Create(context, "restart", "Restart the app's processes", "Restarted"),
            ResourceLimitCommand.Create(context),
            ResourceLimitClearCommand.Create(context),
            ResourceReportCommand.Create(context),
            CronListCommand.Create(context),
            CronRunCommand.Create(context),
            CronSuspendCommand.Create(context, suspend: true),
            CronSuspendCommand.Create(context, suspend: false),
            StorageCreateCommand.Create(context),
            StorageMountCommand.Create(context),
            StorageUnmountCommand.Create(context),
            StorageListCommand.Create(context),
            StorageMoveCommand.Create(context),
            PortsAddCommand.Create(context),
            PortsRemoveCommand.Create(context),
            PortsListCommand.Create(context),
            LogsCommand.Create(context),
            RunCommand.Create(context),
            ReleasesCommand.Create(context),
            ReleasesRollbackCommand.Create(context),
            BuildsListCommand.Create(context),
            BuildsOutputCommand.Create(context),
            GitFromImageCommand.Create(context),
            RepoPurgeCacheCommand.Create(context),
            SshKeysAddCommand.Create(context),
            SshKeysRemoveCommand.Create(context),
            SshKeysListCommand.Create(context),
            TokensCreateCommand.Create(context),
            TokensListCommand.Create(context),
            TokensRevokeCommand.Create(context),
            EventsListCommand.Create(context),
            PlatformBackupCommand.Create(context),
            ServicesCreateCommand.Create(context),
            ServicesLinkCommand.Create(context),
            ServicesUnlinkCommand.Create(context),
            ServicesListCommand.Create(context),
            ServicesInfoCommand.Create(context),
            ServicesLogsCommand.Create(context),
            ServicesDestroyCommand.Create(context),
            ServicesBackupCommand.Create(context),
            ServicesBackupsCommand.Create(context),
            ServicesRestoreCommand.Create(context),
            ServicesMoveCommand.Create(context),
            ServicesExportCommand.Create(context),
            ServicesImportCommand.Create(context),
            ServicesConnectCommand.Create(context),
            ServicesBackupVerifyCommand.Create(context),
            ServicesBackupScheduleCommand.Create(context),
            ServicesBackupSchedulesCommand.Create(context),
            ServicesBackupUnscheduleCommand.Create(context),
            LoginCommand.Create(context),
            LogoutCommand.Create(context),
        };
        root.Subcommands.Add(CompletionCommand.Create(context, root));
        return root;
    }
}
