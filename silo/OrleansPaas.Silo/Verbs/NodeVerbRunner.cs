using OrleansPaas.Configuration;
using OrleansPaas.NodeServices.Backup;

namespace OrleansPaas.Silo.Verbs;

/// <summary>Runs a verb: one sentence on stderr and exit code 1 when it cannot be done; Ctrl-C ends it with 130.</summary>
public static class NodeVerbRunner
{
    public static async Task<int> RunAsync(NodeVerb verb, PaasOptions options)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return verb.Name switch
            {
                NodeVerb.Backup => await BackupVerb.RunAsync(verb, options, cancel.Token),
                NodeVerb.Restore => await RestoreVerb.RunAsync(verb, options, cancel.Token),
                _ => SshDropInVerb.Run(options),
            };
        }
        catch (BackupProblemException problem)
        {
            Console.Error.WriteLine(problem.Message);
            return 1;
        }
        catch (System.Data.Common.DbException ex)
        {
            Console.Error.WriteLine($"orleanspaas {verb.Name}: the cluster's database refused or did not answer ({ex.Message.ReplaceLineEndings(" ")}); nothing was changed.");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"orleanspaas {verb.Name} could not read or write a file ({ex.Message}); run it as the node's user (root) with the node's settings.");
            return 1;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return 130;
        }
    }
}
