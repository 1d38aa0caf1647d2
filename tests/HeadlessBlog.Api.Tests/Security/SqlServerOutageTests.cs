using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.Data.SqlClient;

namespace HeadlessBlog.Api.Tests.Security;

/// <summary>
/// The API configured for SQL Server, with the server down: nothing listens on its port (connections are refused), or a
/// loopback listener accepts connections and never answers (a hung server, or packets dropped on the way). Real
/// SqlClient and EF behaviour, no server needed; only loopback is used.
/// </summary>
public sealed class SqlServerOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(DownSqlServer.Refusing)]
    [InlineData(DownSqlServer.Silent)]
    public async Task WithSqlServerDown_EveryRequestAnswers503WithRetryAfterWithinTenSeconds(string mode)
    {
        await using var server = DownSqlServer.Start(mode);
        await using var factory = new DownSqlServerApiFactory(server.ConnectionString);
        using var client = factory.CreateAnonymousClient();
        client.Timeout = TimeSpan.FromSeconds(90);

        // Twice: the first round meets a cold connection pool, the second one a pool that has seen the failure.
        foreach (var round in new[] { 1, 2 })
        {
            var results = await Task.WhenAll(Requests().Select(r => TimeAsync(client, r)));

            foreach (var (request, response, elapsed) in results)
            {
                var body = await response.Content.ReadAsStringAsync(Ct);
                Assert.True(
                    response.StatusCode == HttpStatusCode.ServiceUnavailable,
                    $"Round {round}, {request}: {(int)response.StatusCode} {body}");
                Assert.True(elapsed < Bound, $"Round {round}, {request}: answered after {elapsed.TotalSeconds:F1} s.");
                if (!request.Contains("/health/", StringComparison.Ordinal))
                {
                    Assert.NotNull(response.Headers.RetryAfter);
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }
    }

    private static IEnumerable<string> Requests() =>
    [
        "GET /api/articles",
        "GET /api/articles/1",
        "GET /api/articles/slug/some-article",
        "GET /api/tags",
        "POST /api/tags",
        "GET /health/ready",
    ];

    private static async Task<(string Request, HttpResponseMessage Response, TimeSpan Elapsed)> TimeAsync(HttpClient client, string request)
    {
        var (method, path) = (request.Split(' ')[0], request.Split(' ')[1]);
        using var message = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            message.Headers.Add("X-Api-Key", "hb_0123456789abcdef_" + new string('s', 43));
            message.Content = new StringContent("{\"name\":\"Outage\"}", Encoding.UTF8, "application/json");
        }

        var started = Stopwatch.GetTimestamp();
        var response = await client.SendAsync(message, Ct);
        return (request, response, Stopwatch.GetElapsedTime(started));
    }
}

/// <summary>The API on SQL Server at <paramref name="connectionString"/>, with nothing done to the database at startup.</summary>
public sealed class DownSqlServerApiFactory(string connectionString, bool migrate = false) : ApiFactory
{
    public override string Provider => "SqlServer";

    public override string ConnectionString => connectionString;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Database:MigrateOnStartup"] = migrate ? "true" : "false",
    };

    /// <summary>The server stays down: there is no database to check.</summary>
    protected override bool ChecksArticleTagCopies => false;
}

/// <summary>A loopback address where SQL Server is down: refusing connections, or accepting them and saying nothing.</summary>
public sealed class DownSqlServer : IAsyncDisposable
{
    public const string Refusing = "connections refused";
    public const string Silent = "connections accepted, never answered";

    private readonly TcpListener? _listener;
    private readonly List<TcpClient> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting = Task.CompletedTask;

    private DownSqlServer(string mode)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        if (mode == Silent)
        {
            _listener = listener;
            _accepting = AcceptAsync(listener);
        }
        else
        {
            listener.Stop();
        }
    }

    public int Port { get; }

    public string ConnectionString => new SqlConnectionStringBuilder
    {
        DataSource = $"127.0.0.1,{Port}",
        InitialCatalog = "HeadlessBlog",
        UserID = "sa",
        Password = "Unused!2026",
        TrustServerCertificate = true,
    }.ConnectionString;

    public static DownSqlServer Start(string mode) => new(mode);

    private async Task AcceptAsync(TcpListener listener)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(_stop.Token);
                lock (_accepted)
                {
                    _accepted.Add(client);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener?.Stop();
        await _accepting;
        lock (_accepted)
        {
            _accepted.ForEach(c => c.Dispose());
        }

        _stop.Dispose();
    }
}
