using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Platform;

/// <summary>
/// <c>paas platform:backup [FILE] [--with-images]</c>: the whole platform's archive through the API,
/// streamed to FILE (owner-only, renamed into place once whole) or to standard output for a pipe
/// (<c>paas platform:backup | age -r KEY &gt; backup.tar.gz.age</c>), never to a terminal.
/// </summary>
internal static class PlatformBackupCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<string?>("file") { Description = "Where to write the archive (default: standard output, which must not be a terminal)", Arity = ArgumentArity.ZeroOrOne };
        var withImages = new Option<bool>("--with-images") { Description = "Also archive each app's current release image (docker save)" };
        var command = new Command("platform:backup", "Write an archive of the whole platform (state, repositories, certificates, keys, tokens) for `orleanspaas restore`")
        {
            file, withImages,
        };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file);
            BinaryDownload.RefuseTerminal(path, "the archive is binary: name a file (`paas platform:backup backup.tar.gz`) or redirect it (`paas platform:backup > backup.tar.gz`)");

            using var client = context.CreateClient();
            using var response = await client.OpenPlatformBackupAsync(parseResult.GetValue(withImages), ct);
            if (await BinaryDownload.SaveAsync(response, path, ct) is not { } target)
            {
                return 0;
            }

            if (!context.WantsJson(parseResult))
            {
                context.Out.Step($"Wrote the platform's archive to {target} ({new FileInfo(target).Length / 1024} KiB, readable by you only: it holds the platform's secrets)");
            }

            return 0;
        });
        return command;
    }
}
