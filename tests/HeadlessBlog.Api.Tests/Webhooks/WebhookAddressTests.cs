using System.Net;
using System.Net.Sockets;
using System.Text;
using HeadlessBlog.Api.Webhooks;

namespace HeadlessBlog.Api.Tests.Webhooks;

/// <summary>Webhooks call public addresses only: at registration, and again at connect time on the address checked.</summary>
public sealed class WebhookAddressTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A resolver that answers these addresses for any name.</summary>
    private static WebhookAddresses.Resolver Answering(params string[] addresses) =>
        (_, _) => Task.FromResult(addresses.Select(IPAddress.Parse).ToArray());

    /// <summary>A resolver that fails the test if it is asked at all.</summary>
    private static readonly WebhookAddresses.Resolver NeverAsked =
        (host, _) => throw new InvalidOperationException($"{host} should not have been looked up.");

    // ---- IsPublic -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fec0::1")]
    [InlineData("fc00::1")]
    [InlineData("fd00::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:c0a8:101::1")]
    public void IsPublic_ForAPrivateOrSpecialAddress_IsFalse(string address) =>
        Assert.False(WebhookAddresses.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::101:101")]
    public void IsPublic_ForAPublicAddress_IsTrue(string address) =>
        Assert.True(WebhookAddresses.IsPublic(IPAddress.Parse(address)));

    // ---- RefusalAsync ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("http://127.0.0.1/hook", "127.0.0.1, a loopback address")]
    [InlineData("http://10.0.0.5:8080/hook", "10.0.0.5, a private address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address")]
    [InlineData("http://[::1]/hook", "::1, a loopback address")]
    [InlineData("https://[::ffff:192.168.0.1]/hook", "192.168.0.1, a private address")]
    [InlineData("http://2130706433/hook", "127.0.0.1, a loopback address")]
    public async Task RefusalAsync_ForAPrivateIpLiteral_NamesTheAddressWithoutALookup(string url, string named)
    {
        var refusal = await WebhookAddresses.RefusalAsync(new Uri(url), NeverAsked, Ct);

        Assert.NotNull(refusal);
        Assert.Contains(named, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:3000/x")]
    [InlineData("http://api.localhost/x")]
    [InlineData("https://LOCALHOST./x")]
    public async Task RefusalAsync_ForLocalhostOrASubdomain_RefusesWithoutALookup(string url)
    {
        var refusal = await WebhookAddresses.RefusalAsync(new Uri(url), NeverAsked, Ct);

        Assert.NotNull(refusal);
        Assert.Contains("loopback", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusalAsync_ForANameResolvingToLoopback_NamesTheAddress()
    {
        var refusal = await WebhookAddresses.RefusalAsync(new Uri("https://hooks.example.com/x"), Answering("127.0.0.1"), Ct);

        Assert.Equal("'url' resolves to 127.0.0.1, a loopback address: webhooks may only call public addresses.", refusal);
    }

    [Fact]
    public async Task RefusalAsync_ForANameResolvingToOnePublicAndOnePrivateAddress_Refuses()
    {
        var resolver = Answering("93.184.216.34", "192.168.1.10");

        var refusal = await WebhookAddresses.RefusalAsync(new Uri("https://hooks.example.com/x"), resolver, Ct);

        Assert.NotNull(refusal);
        Assert.Contains("192.168.1.10, a private address", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusalAsync_ForANameResolvingToPublicAddresses_Accepts()
    {
        var resolver = Answering("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946");

        Assert.Null(await WebhookAddresses.RefusalAsync(new Uri("https://hooks.example.com/x"), resolver, Ct));
    }

    [Fact]
    public async Task RefusalAsync_ForAPublicIpLiteral_Accepts() =>
        Assert.Null(await WebhookAddresses.RefusalAsync(new Uri("http://1.1.1.1/hook"), NeverAsked, Ct));

    [Theory]
    [InlineData("ftp://hooks.example.com/x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/relative/hook")]
    public async Task RefusalAsync_ForANonHttpOrRelativeUrl_Refuses(string url)
    {
        var refusal = await WebhookAddresses.RefusalAsync(new Uri(url, UriKind.RelativeOrAbsolute), NeverAsked, Ct);

        Assert.Equal("'url' must be an absolute http or https URL with a host.", refusal);
    }

    [Fact]
    public async Task RefusalAsync_ForANameThatDoesNotResolve_SaysSo()
    {
        WebhookAddresses.Resolver unknown = (_, _) => throw new SocketException((int)SocketError.HostNotFound);

        var refusal = await WebhookAddresses.RefusalAsync(new Uri("https://nowhere.example/x"), unknown, Ct);

        Assert.NotNull(refusal);
        Assert.Contains("does not resolve", refusal, StringComparison.Ordinal);
    }

    // ---- ConnectCallback, against a real listener on loopback -----------------------------------------------

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public async Task ConnectCallback_ToALoopbackLiteral_IsRefusedWithoutALookupBeforeConnecting(string host)
    {
        using var listener = Listen();
        using var client = Client(allowPrivateNetworks: false, NeverAsked);
        using var timeout = Timeout();

        var e = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.GetStringAsync(new Uri($"http://{host}:{Port(listener)}/"), timeout.Token));

        Assert.IsType<WebhookAddressRefusedException>(e.InnerException);
        Assert.Contains("a loopback address", e.InnerException.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "The listener was connected to.");
    }

    [Fact]
    public async Task ConnectCallback_ToANameResolvingToLoopback_IsRefusedBeforeConnecting()
    {
        using var listener = Listen();
        using var client = Client(allowPrivateNetworks: false, Answering("127.0.0.1"));
        using var timeout = Timeout();

        var e = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.GetStringAsync(new Uri($"http://rebind.test:{Port(listener)}/"), timeout.Token));

        Assert.IsType<WebhookAddressRefusedException>(e.InnerException);
        Assert.Contains("rebind.test resolves to 127.0.0.1", e.InnerException.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "The listener was connected to.");
    }

    [Fact]
    public async Task ConnectCallback_ToLocalhostThroughTheSystemResolver_IsRefusedBeforeConnecting()
    {
        using var listener = Listen();
        using var client = Client(allowPrivateNetworks: false, WebhookAddresses.SystemDns);
        using var timeout = Timeout();

        var e = await Assert.ThrowsAsync<HttpRequestException>(
            () => client.GetStringAsync(new Uri($"http://localhost:{Port(listener)}/"), timeout.Token));

        Assert.IsType<WebhookAddressRefusedException>(e.InnerException);
        Assert.False(listener.Pending(), "The listener was connected to.");
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("rebind.test")]
    public async Task ConnectCallback_WhenPrivateNetworksAreAllowed_ConnectsToTheAddressItChecked(string host)
    {
        using var listener = Listen();
        using var client = Client(allowPrivateNetworks: true, Answering("127.0.0.1"));
        using var timeout = Timeout();
        var serving = AnswerOnceAsync(listener, timeout.Token);

        var body = await client.GetStringAsync(new Uri($"http://{host}:{Port(listener)}/"), timeout.Token);

        Assert.Equal("ok", body);
        await serving;
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    private static HttpClient Client(bool allowPrivateNetworks, WebhookAddresses.Resolver resolve) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = WebhookAddresses.ConnectCallback(allowPrivateNetworks, resolve),
            AllowAutoRedirect = false,
        })
        { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Bounds every wait: a test that hangs fails in seconds instead.</summary>
    private static CancellationTokenSource Timeout()
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        source.CancelAfter(TimeSpan.FromSeconds(5));
        return source;
    }

    /// <summary>Accepts one connection, reads the request head and answers a minimal HTTP/1.1 response.</summary>
    private static async Task AnswerOnceAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
        var stream = connection.GetStream();
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return;
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray();
        await stream.WriteAsync(response, cancellationToken);
    }
}
