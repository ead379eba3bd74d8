using System.CommandLine;
using OrleansPaas.Cli.Output;

namespace OrleansPaas.Cli.Commands.Resource;

/// <summary>
/// <c>paas resource:limit NAME [--cpu N] [--memory SIZE]</c>, Dokku's names: the app's own limits; a
/// running app restarts onto them. Without either option it shows the limits, as Dokku does.
/// The server checks the values (one parser for every client).
/// </summary>
internal static class ResourceLimitCommand
{
    public static Command Create(CommandContext context)
    {
        var app = Arguments.App();
        var cpu = new Option<string?>("--cpu") { Description = "Cores each container may use, e.g. 0.5 or 2" };
        var memory = new Option<string?>("--memory") { Description = "Memory each container may use, e.g. 256m or 1g (a bare number is megabytes)" };
        var command = new Command("resource:limit", "Limit the CPU and memory of an app's containers; a running app restarts onto them") { app, cpu, memory };
        context.SetAction(command, async (parseResult, ct) =>
        {
            var name = parseResult.GetRequiredValue(app);
            var cores = parseResult.GetValue(cpu);
            var size = parseResult.GetValue(memory);
            using var client = context.CreateClient();
            var response = cores is null && size is null
                ? await client.GetResourcesAsync(name, ct)
                : await client.SetResourceLimitsAsync(name, cores, size, ct);
            if (context.WantsJson(parseResult))
            {
                context.WriteJson(response.Json);
                return 0;
            }

            if (cores is not null || size is not null)
            {
                var given = string.Join(", ", new[] { cores is null ? null : $"cpu {cores}", size is null ? null : $"memory {size}" }.OfType<string>());
                context.Out.Step($"Set {given} for {name}");
            }

            ResourcePrinter.Report(context.Out, name, response.Read());
            return 0;
        });
        return command;
    }
}
