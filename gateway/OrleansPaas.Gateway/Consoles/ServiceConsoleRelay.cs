using System.Net.WebSockets;
using System.Text;
using OrleansPaas.Configuration.Credentials;
using OrleansPaas.Gateway.Images;
using OrleansPaas.NodeServices.Services.Transfers;
using OrleansPaas.Nodes;

namespace OrleansPaas.Gateway.Consoles;

/// <summary>
/// <c>services:connect</c> through a node that does not run the service: this node (which has checked the
/// caller's token and recorded the request) opens the console on the service's node over its internal listener,
/// authenticated by the cluster certificate as image transfers are, and passes the messages both ways as they
/// come, one at most 16 KiB fragment at a time: nothing is buffered beyond that.
/// </summary>
public sealed class ServiceConsoleRelay(IGrainFactory grains, NodeCredential credential) : IDisposable
{
    /// <summary>How long the end of input may take to reach the service's node once its client has ended (as on that node).</summary>
    private static readonly TimeSpan InputDrain = TimeSpan.FromSeconds(5);

    /// <summary>A close description is at most 123 bytes of UTF-8.</summary>
    private const int DescriptionBytes = 123;

    private readonly HttpMessageInvoker _invoker = new(ClusterHttpHandler.Create(credential, TimeSpan.FromSeconds(10)));

    /// <summary>The console opened on <paramref name="node"/>, or the sentence why not (nothing was accepted from the caller yet).</summary>
    public async Task<(WebSocket? Console, string? Failure)> OpenAsync(string node, string service, bool tty, CancellationToken cancellationToken)
    {
        var url = ServiceConsolePaths.For(new Uri(await grains.Node(node).GetInternalUrlAsync()), service, tty);
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(url, _invoker, cancellationToken);
            return (socket, null);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
        {
            var why = socket.HttpStatusCode is var status and not 0 ? $"it answered {(int)status} {status}" : ex.GetBaseException().Message;
            socket.Dispose();
            return (null, $"could not open the console of service '{service}' on node {node}, which runs it: {why}");
        }
    }

    /// <summary>
    /// Passes messages between the caller and the service's console until the console closes; its close (the
    /// exit code) goes to the caller as it came. A hop that breaks off closes the caller's side with one sentence.
    /// </summary>
    public static async Task PipeAsync(WebSocket caller, WebSocket console, string node, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var input = InputAsync(caller, console, stop.Token);
        try
        {
            var buffer = new byte[16 * 1024];
            while (true)
            {
                var message = await console.ReceiveAsync(buffer, cancellationToken);
                if (message.MessageType == WebSocketMessageType.Close)
                {
                    await caller.CloseOutputAsync(console.CloseStatus ?? WebSocketCloseStatus.NormalClosure, console.CloseStatusDescription, cancellationToken);
                    break;
                }

                await caller.SendAsync(buffer.AsMemory(0, message.Count), message.MessageType, message.EndOfMessage, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException && !cancellationToken.IsCancellationRequested)
        {
            await CloseQuietlyAsync(caller, WebSocketCloseStatus.InternalServerError, Fit($"the connection to node {node}, which runs the console, broke off"));
        }

        try
        {
            await input.WaitAsync(InputDrain, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The caller never closed its side: it has the exit code; nothing more to pass on.
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    public void Dispose() => _invoker.Dispose();

    /// <summary>Caller → console until the caller closes (the end of input) or goes (the console's input ends too).</summary>
    private static async Task InputAsync(WebSocket caller, WebSocket console, CancellationToken cancellationToken)
    {
        await WebSocketInput.CopyUntilClosedAsync(caller,
            (data, message, token) => console.SendAsync(data, message.MessageType, message.EndOfMessage, token), cancellationToken);
        await CloseQuietlyAsync(console, WebSocketCloseStatus.NormalClosure, "end of input");
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string description)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(InputDrain);
            await socket.CloseOutputAsync(status, description, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Already gone: nothing to tell it.
        }
    }

    private static string Fit(string sentence)
    {
        while (Encoding.UTF8.GetByteCount(sentence) > DescriptionBytes)
        {
            sentence = sentence[..^1];
        }

        return sentence;
    }
}
