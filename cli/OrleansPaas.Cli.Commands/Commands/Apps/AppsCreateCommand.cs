using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Apps;

/// <summary><c>paas apps:create NAME</c>: an app can also be created by its first git push.</summary>
internal static class AppsCreateCommand
{
    public static Command Create(CommandContext context) => AppQueryCommand.Create(
        context,
        "apps:create",
        "Create an app (the first git push creates it too)",
        (client, app, ct) => client.CreateAppAsync(app, ct),
        (client, _, details) =>
        {
            context.Out.Step($"Created {details.Name}");
            context.Out.Note($"deploy: git remote add paas {client.Url}/{details.Name}.git && git push paas main");
            context.Out.Note($"served at: {details.Url}");
        });
}
