using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansPaas.Apps;
using OrleansPaas.NodeServices.Runtime;

namespace OrleansPaas.Tests.Runtime;

/// <summary>app.json checks against a real socket that answers with a body that never ends.</summary>
public sealed class ReadinessProbeTests
{
    [Fact]
    public async Task Check_EndlessBody_IsJudgedOnItsStart_WithoutReadingItAll()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var server = ServeEndlessAsync(listener, "healthy", stop.Token);
        using var probe = new ReadinessProbe();
        var check = new HealthCheck("endless", "/health", "healthy", Attempts: 1,
            Timeout: TimeSpan.FromSeconds(5), Wait: TimeSpan.Zero, InitialDelay: TimeSpan.Zero);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var problem = await probe.RunCheckAsync("127.0.0.1", port, "app.test", check, CancellationToken.None);

        Assert.Null(problem);
        stop.Cancel();
        await server;
    }

    [Fact]
    public async Task Check_ExpectedContentOnlyAfterTheReadLimit_Fails()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var server = ServeEndlessAsync(listener, new string('x', ReadinessProbe.MaxBodyBytes) + "healthy", stop.Token);
        using var probe = new ReadinessProbe();
        var check = new HealthCheck("late", "/health", "healthy", Attempts: 1,
            Timeout: TimeSpan.FromSeconds(5), Wait: TimeSpan.Zero, InitialDelay: TimeSpan.Zero);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var problem = await probe.RunCheckAsync("127.0.0.1", port, "app.test", check, CancellationToken.None);

        Assert.NotNull(problem);
        Assert.Contains("without 'healthy'", problem);
        stop.Cancel();
        await server;
    }

    // Answers one request with 200, the given start, then filler until the client goes away.
    private static async Task ServeEndlessAsync(TcpListener listener, string start, CancellationToken stop)
    {
        try
        {
            using var client = await listener.AcceptTcpClientAsync(stop);
            var stream = client.GetStream();
            var request = new byte[4096];
            _ = await stream.ReadAsync(request, stop);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n{start}"), stop);
            var filler = Encoding.ASCII.GetBytes(new string('.', 16 * 1024));
            while (!stop.IsCancellationRequested)
            {
                await stream.WriteAsync(filler, stop);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            // The probe closed the connection once it had read enough, or the test ended.
        }
    }
}
