using System.Net.WebSockets;

namespace OrleansPaas.NodeServices.Services.Transfers;

/// <summary>
/// The input half of a console carried by a WebSocket (<c>services:connect</c>), on the service's node
/// and on a node that relays it: every message from <paramref name="socket"/> goes to <c>forward</c> as it
/// comes, until the other side closes (the end of input) or goes away. Either way the caller then ends
/// the input of whatever it forwards to; a side that went away is not an error, only the end.
/// </summary>
public static class WebSocketInput
{
    public static async Task CopyUntilClosedAsync(WebSocket socket, Func<ArraySegment<byte>, WebSocketReceiveResult, CancellationToken, Task> forward,
        CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var message = await socket.ReceiveAsync(buffer, cancellationToken);
                if (message.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                await forward(new ArraySegment<byte>(buffer, 0, message.Count), message, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client (or the hop in between) went away: its input ends here.
        }
    }
}
