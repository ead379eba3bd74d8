using System.CommandLine;
using System.Text.Json;
using OrleansPaas.Cli.Api;
using OrleansPaas.Cli.Checkout;
using OrleansPaas.Cli.Settings;

namespace OrleansPaas.Cli.Commands;

/// <summary>
/// What every command shares: where to write, the environment to read settings from, the clock,
/// and the <c>--json</c> switch. Passed in rather than read from <see cref="Console"/> so that the
/// whole CLI runs in-process in tests.
/// </summary>
internal sealed class CommandContext(
    TextWriter output,
    TextWriter error,
    IReadOnlyDictionary<string, string> environment,
    string currentDirectory,
    TimeProvider clock,
    TextReader? input = null)
{
    /// <summary>What <c>-</c> in place of a file reads (<c>ssh-keys:add NAME -</c>): the console, or an SSH session's stdin.</summary>
    public TextReader In { get; } = input ?? TextReader.Null;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Standard input (a token piped to <c>paas login</c>); null when it is the user's terminal.</summary>
    public TextReader? Input { get; } = input;

    public IReadOnlyDictionary<string, string> Environment { get; } = environment;

    public string CurrentDirectory { get; } = currentDirectory;

    public TimeProvider Clock { get; } = clock;

    /// <summary>Recursive, so every command accepts it after its own arguments.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the API's JSON instead of human output (for scripts)",
        Recursive = true,
    };

    /// <summary>
    /// Names the app instead of the first argument (heroku's option). Recursive so it may stand
    /// anywhere; <see cref="Parsing.AppInference"/> moves it into first place before commands run.
    /// </summary>
    public Option<string?> App { get; } = new("--app", "-a")
    {
        Description = "The app, instead of naming it first (inside an app's git checkout it is found from the remote pointing at the platform)",
        Recursive = true,
    };

    public bool WantsJson(ParseResult parseResult) => parseResult.GetValue(Json);

    /// <summary>
    /// Settings are resolved here, when a command is about to call the API, not at start-up:
    /// <c>--help</c> and local refusals must work without a token or a valid <c>PAAS_URL</c>.
    /// </summary>
    public PaasClient CreateClient() =>
        PaasClientFactory.Create(CliSettingsResolver.Resolve(Environment, CurrentDirectory));

    /// <summary>The platform in use and the app this directory's git remotes name on it (reads the checkout through git).</summary>
    public CheckoutLookup LookUpCheckout()
    {
        var url = CliSettingsResolver.ResolveUrl(Environment, LoginFile.Read(Environment));
        return new CheckoutLookup(url, CheckoutApp.Find(GitRemotes.Read(CurrentDirectory), url));
    }

    /// <summary>Writes the server's document as it came, one document per line.</summary>
    public void WriteJson(string json)
    {
        if (json.Length > 0)
        {
            Out.WriteLine(json.TrimEnd());
        }
    }

    /// <summary>
    /// Sets a command's action behind the one failure rule: any expected failure becomes exactly
    /// one line on stderr and exit code 1; Ctrl-C ends with 130, as shells expect.
    /// </summary>
    public void SetAction(Command command, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parseResult, ct) =>
        {
            try
            {
                return await action(parseResult, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 130;
            }
            catch (CliException e)
            {
                return Fail(e.Message);
            }
            catch (JsonException e)
            {
                return Fail($"OrleansPaas answered with JSON this paas does not understand: {e.Message}");
            }
            catch (IOException e)
            {
                // The server went away in the middle of a streamed answer (logs, run).
                return Fail($"the connection to OrleansPaas was lost: {e.Message}");
            }
        });
    }

    public int Fail(string message)
    {
        Error.WriteLine(new CliException(message).Message);
        return 1;
    }
}
