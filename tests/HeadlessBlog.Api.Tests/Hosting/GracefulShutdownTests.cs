using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HeadlessBlog.Api.Security;
using HeadlessBlog.Api.Tests.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Tests.Hosting;

/// <summary>
/// SIGTERM to a real API process under load: requests in flight are answered, new connections are refused (never
/// reset), the webhook attempt under way is made and recorded, and everything written is delivered after a restart.
/// </summary>
public sealed class GracefulShutdownTests : IDisposable
{
    /// <summary>How long the receiver holds the delivery that is in flight when SIGTERM is sent.</summary>
    private static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(1.5);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"headlessblog-shutdown-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sigterm_MidLoad_ResetsNoRequestAndLosesNoWork()
    {
        Directory.CreateDirectory(_folder);
        var database = Path.Combine(_folder, "blog.db");
        await using var receiver = await Receiver.StartAsync();
        var hold = new HeldDelivery();
        receiver.Delay = hold.DelayOf;
        await using var api = new ApiProcess(database);
        var key = await api.CreateKeyAsync("shutdown test", [Scopes.Write, Scopes.ManageWebhooks], Ct);
        await api.StartAsync(Ct);
        await WarmUpAsync(api.BaseAddress, key);
        await RegisterWebhookAsync(api.BaseAddress, key, receiver.Url);

        // Load, then hold one webhook attempt at the receiver and send SIGTERM while it is in flight; the load goes on
        // until the process has exited.
        using var stopLoad = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var load = new ShutdownLoad(api.BaseAddress, key, loops: 8);
        var loadRun = load.RunAsync(stopLoad.Token);
        long sigterm;
        bool exited;
        TimeSpan stoppedIn;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            hold.Arm();
            await hold.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
            sigterm = Stopwatch.GetTimestamp();
            await api.TerminateAsync(Ct);
            exited = await api.WaitForExitAsync(TimeSpan.FromSeconds(30), Ct);
            stoppedIn = Stopwatch.GetElapsedTime(sigterm);
        }
        finally
        {
            await stopLoad.CancelAsync();
            await loadRun;
        }

        var requests = load.Requests;
        var summary = $"{requests.Count} requests: {requests.Count(r => r.Succeeded && r.Ended < sigterm)} answered before SIGTERM, "
            + $"{requests.Count(r => r.Succeeded && r.Started < sigterm && r.Ended >= sigterm)} in flight at SIGTERM and answered, "
            + $"{requests.Count(r => r.Succeeded && r.Started >= sigterm)} sent after SIGTERM and answered, {requests.Count(r => r.Refused)} refused; "
            + $"{load.Created.Count} articles created; stopped {stoppedIn.TotalSeconds:0.00} s after SIGTERM";
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(exited, $"The API did not exit within 30 s of SIGTERM.\n{summary}\n{api.Output}");
        Assert.True(api.ExitCode == 0, $"The API exited with {api.ExitCode}.\n{api.Output}");
        var failures = requests.Where(r => !r.Succeeded && !r.Refused)
            .Select(r => $"{Stopwatch.GetElapsedTime(sigterm, r.Started).TotalMilliseconds:0.0} ms after SIGTERM: {r}").ToList();
        Assert.True(failures.Count == 0, $"{summary}\n{failures.Count} failed:\n{string.Join('\n', failures.Take(20))}");
        Assert.True(requests.Any(r => r.Succeeded && r.Ended < sigterm), summary);
        Assert.True(requests.Any(r => r.Succeeded && r.Ended >= sigterm), $"No request was answered after SIGTERM: not mid-load. {summary}");

        // What the first process left: every article it answered 201 for, and the attempt held at SIGTERM made and
        // recorded like every other attempt the receiver got: delivered at the first attempt, no lease left behind.
        var (articles, deliveries) = await ReadDatabaseAsync(database);
        Assert.Empty(load.Created.Except(articles));
        var heldId = hold.Request(receiver)?.Header("webhook-id");
        Assert.NotNull(heldId);
        var received = receiver.Requests.Select(r => r.Header("webhook-id")).ToHashSet();
        var unrecorded = deliveries.Where(d => received.Contains(d.MessageId) && d is not { Status: "succeeded", Attempts: 1, LeasedBy: null }).ToList();
        Assert.True(unrecorded.Count == 0,
            $"Attempts the receiver got but the API did not record as delivered (held: {heldId}): {string.Join(", ", unrecorded)}\n{api.Output}");

        // Restarted on the same file, the API delivers what was still pending: every created article's article.created
        // and article.published, each event once.
        receiver.Delay = _ => TimeSpan.Zero;
        await using var restarted = new ApiProcess(database);
        await restarted.StartAsync(Ct);
        var expected = load.Created.SelectMany(id => new[] { ("article.created", id), ("article.published", id) }).ToHashSet();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!expected.IsSubsetOf(Events(receiver)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }

        var missing = expected.Except(Events(receiver)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {expected.Count} events never delivered, e.g. {string.Join(", ", missing.Take(5))}\n{restarted.Output}");
        var repeated = receiver.Requests.GroupBy(r => r.Header("webhook-id")).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        Assert.True(repeated.Count == 0, $"Sent more than once: {string.Join(", ", repeated)}");
    }

    /// <summary>The default the README documents, and the setting that changes it, in the host the API builds.</summary>
    [Fact]
    public async Task ShutdownTimeout_Is30Seconds_UnlessShutdownTimeoutSecondsIsSet()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), await ShutdownTimeoutAsync([]));
        Assert.Equal(TimeSpan.FromSeconds(45), await ShutdownTimeoutAsync(["--shutdownTimeoutSeconds=45"]));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task<TimeSpan> ShutdownTimeoutAsync(string[] args)
    {
        // Built as Program.cs builds the API: WebApplication.CreateBuilder with the command line.
        await using var app = WebApplication.CreateBuilder(args).Build();
        return app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }

    /// <summary>
    /// One article written and read before the load (and before the webhook, which only gets later events), so that
    /// the load's seconds are not spent compiling the first requests.
    /// </summary>
    private static async Task WarmUpAsync(Uri api, string key)
    {
        using var client = new HttpClient { BaseAddress = api };
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, key);
        using var created = await client.PostAsJsonAsync("/api/articles", new { title = "Warm-up", body = "Before the load.", status = "published" }, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        using var list = await client.GetAsync("/api/articles?pageSize=5", Ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    private static async Task RegisterWebhookAsync(Uri api, string key, string url)
    {
        using var client = new HttpClient { BaseAddress = api };
        client.DefaultRequestHeaders.Add(ApiKeys.HeaderName, key);
        using var response = await client.PostAsJsonAsync("/api/webhooks", new { url, events = (string[])["article.*"] }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>The (type, article id) of every article event the receiver got.</summary>
    private static HashSet<(string Type, int Id)> Events(Receiver receiver) =>
        receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Select(body => (body.GetProperty("type").GetString()!, body.GetProperty("data").GetProperty("id").GetInt32()))
            .ToHashSet();

    private sealed record StoredDelivery(string MessageId, string Status, int Attempts, string? LeasedBy);

    /// <summary>The articles' ids and the deliveries, read from the SQLite file itself.</summary>
    private static async Task<(HashSet<int> Articles, List<StoredDelivery> Deliveries)> ReadDatabaseAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Ct);
        var articles = new HashSet<int>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Id FROM Articles";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                articles.Add(reader.GetInt32(0));
            }
        }

        var deliveries = new List<StoredDelivery>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT MessageId, Status, Attempts, LeasedBy FROM WebhookDeliveries";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                deliveries.Add(new StoredDelivery(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
        }

        return (articles, deliveries);
    }

    /// <summary>
    /// Holds one webhook attempt at the receiver for <see cref="HoldFor"/>: the first to arrive once armed. Every other
    /// attempt is answered at once, so that the dispatcher keeps up with the load.
    /// </summary>
    private sealed class HeldDelivery
    {
        private int _armed;
        private int _index = -1;

        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Arm() => Volatile.Write(ref _armed, 1);

        public TimeSpan DelayOf(int index)
        {
            if (Volatile.Read(ref _armed) == 1 && Interlocked.CompareExchange(ref _index, index, -1) == -1)
            {
                Arrived.TrySetResult();
                return HoldFor;
            }

            return TimeSpan.Zero;
        }

        public ReceivedRequest? Request(Receiver receiver) => _index >= 0 ? receiver.Requests[_index] : null;
    }
}
