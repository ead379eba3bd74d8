using OrleansPaas.Gateway.Auth;

namespace OrleansPaas.Tests.Auth;

public sealed class PlainHttpWarningTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8081", "http://0.0.0.0:8081")]
    [InlineData("http://*:8081", "http://*:8081")]
    [InlineData("http://+:8081", "http://+:8081")]
    [InlineData("http://[::]:8081", "http://[::]:8081")]
    [InlineData("http://10.0.0.5:8081", "http://10.0.0.5:8081")]
    [InlineData("http://paas.example.com:8081", "http://paas.example.com:8081")]
    [InlineData("http://127.0.0.1:8081;http://192.168.1.2:8081", "http://192.168.1.2:8081")]
    public void ReachableWithoutTls_PlainHttpOnAnOpenAddress_IsNamed(string urls, string expected)
    {
        Assert.Equal([expected], PlainHttpWarning.ReachableWithoutTls(urls));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8081")]
    [InlineData("http://localhost:8081")]
    [InlineData("http://[::1]:8081")]
    [InlineData("https://0.0.0.0:8443")]
    [InlineData("http://127.0.0.2:8081; https://*:8443")]
    public void ReachableWithoutTls_LoopbackOrTls_IsNotNamed(string urls)
    {
        Assert.Empty(PlainHttpWarning.ReachableWithoutTls(urls));
    }
}
