using System.CommandLine;

namespace OrleansPaas.Cli.Commands.Git;

/// <summary>
/// <c>paas git:from-image NAME IMAGE</c> (Dokku's name): deploys an image already on the node
/// instead of building from a push. The server streams the release steps like <c>run</c>; they are
/// relayed as they arrive and the deploy's exit code becomes ours, so a script can stop on a failed
/// deploy (the previous release keeps serving). With <c>--json</c> the NDJSON stream is printed as is.
/// </summary>
internal static class GitFromImageCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var image = new Argument<string>("image")
        {
            Description = "The image to deploy, e.g. registry/name:tag; it must already be on the node (docker pull/load it first)",
        };
        var command = new Command("git:from-image", "Deploy a prebuilt Docker image as the app's next release") { app, image };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            using var client = context.CreateClient();
            using var response = await client.OpenDeployImageAsync(name, parseResult.GetRequiredValue(image), ct);
            var exitCode = await NdjsonStream.RelayAsync(response, context, context.WantsJson(parseResult), ct);
            return exitCode ?? context.Fail("the deploy ended without an exit code; the connection to OrleansPaas was cut");
        });
        return command;
    }
}
