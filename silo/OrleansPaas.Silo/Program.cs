using OrleansPaas.Configuration;
using OrleansPaas.Dashboard;
using OrleansPaas.Gateway;
using OrleansPaas.Cli.SshHelper;
using OrleansPaas.Gateway.Ssh;
using OrleansPaas.Gateway.Telemetry;
using OrleansPaas.Grains;
using OrleansPaas.Silo.Hosting;
using OrleansPaas.Silo.Verbs;

// sshd runs this program as its AuthorizedKeysCommand and as every key's forced command (Paas:Ssh).
if (SshSessionClient.Handles(args))
{
    return await SshSessionClient.RunAsync(args);
}

// Before any socket exists (the runtime reads it once): socket completions run on the I/O thread
// instead of being queued to the thread pool. The gateway's forwarding is all asynchronous I/O, and
// this handoff was its largest cost (bench/gateway.sh, issue 9). Set it to 0 to opt out.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

// `orleanspaas backup FILE` / `restore FILE`: one job with the node's settings instead of the node.
NodeVerb? verb = null;
if (NodeVerb.IsVerb(args))
{
    (verb, var verbProblem) = NodeVerb.Parse(args);
    if (verbProblem is not null)
    {
        Console.Error.WriteLine(verbProblem);
        return 2;
    }
}

// Settings ship next to the binary; the working directory is the user's (it anchors ./data).
// The slim builder keeps what the node uses (appsettings.json, environment, command line, console
// logging, Kestrel over TCP with HTTPS set up in code) and leaves out what it does not: IIS, HTTP/3
// (QUIC), hosting-startup scanning, the debug and EventSource loggers (bench/idle-memory.sh: an idle
// node's median 163 -> 159 MiB, six assemblies fewer).
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = verb?.Settings.ToArray() ?? args, ContentRootPath = AppContext.BaseDirectory });
PaasOptions? options = null;
try
{
    options = PaasOptionsReader.ReadValidated(builder.Configuration);
    PrivateDataDir.Prepare(options);
    if (verb is not null)
    {
        return await NodeVerbRunner.RunAsync(verb, options);
    }

    await NodePreflight.CheckAsync(options, CancellationToken.None);

    builder.UseControlUrls(options);
    builder.AddPaasSilo(options);
    builder.Services.AddPaasOptions();
    builder.Services.AddPaasRuntime();
    builder.Services.AddPaasGateway();
    builder.Services.AddPaasControlPlane();
    builder.Services.AddPaasTelemetry(options);
    builder.Services.AddPaasDashboard();

    var app = builder.Build();
    app.MapPaasControlPlane();
    app.MapPaasDashboard();
    await app.RunAsync();
    return 0;
}
catch (Exception failure) when (StartupFailure.IsExplained(failure))
{
    // Here the host is gone (RunAsync disposes it), so its own listeners no longer hold any port.
    foreach (var sentence in StartupFailure.Sentences(failure, options))
    {
        Console.Error.WriteLine(sentence);
    }

    return 1;
}
