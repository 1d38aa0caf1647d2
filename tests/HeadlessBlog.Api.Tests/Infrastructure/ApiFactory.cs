using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace HeadlessBlog.Api.Tests.Infrastructure;

/// <summary>The API in memory on one database of its own; test classes share it, tests own their rows.</summary>
public abstract class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public abstract string Provider { get; }

    /// <summary>Null when the database cannot be had here (no Docker for SQL Server): tests are then skipped.</summary>
    public abstract string? ConnectionString { get; }

    public string? UnavailableReason { get; protected set; }

    /// <summary>The API's clock: starts at the real time and moves 1 ms on each reading; tests may <c>Advance</c> it.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };

    /// <summary>Counts the SQL commands the API sends.</summary>
    public SqlCommandCounter Commands { get; } = new();

    /// <summary>Extra configuration for this host (e.g. <c>["Caching:OutputCacheEnabled"] = "false"</c>); override in a subclass.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:Blog", ConnectionString);
        // Every test request comes from the same address: rate limits are proven by their own tests.
        builder.UseSetting("Limits:AnonymousRequestsPerWindow", "1000000");
        builder.UseSetting("Limits:KeyRequestsPerWindow", "1000000");
        // The change worker's rounds would add queries to every count: its tests run rounds themselves.
        builder.UseSetting("Changes:RunWorker", "false");
        // Likewise the webhook dispatcher; and receivers in tests listen on loopback (the SSRF guard has its own tests).
        builder.UseSetting("Webhooks:RunWorker", "false");
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IInterceptor>(Commands);
        });
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private bool _started;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        _started = true;
        return host;
    }

    /// <summary>
    /// Whether the copies on tag assignments are checked when the class is done (see <see cref="ArticleTagCopies"/>);
    /// off only for hosts whose database is made unreachable on purpose.
    /// </summary>
    protected virtual bool ChecksArticleTagCopies => true;

    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (_started && UnavailableReason is null && ChecksArticleTagCopies)
            {
                using var scope = Services.CreateScope();
                var outOfStep = await ArticleTagCopies.OutOfStepAsync(
                    scope.ServiceProvider.GetRequiredService<HeadlessBlog.Data.BlogDbContext>(), CancellationToken.None);
                Assert.True(outOfStep.Count == 0,
                    "Tag assignments whose copy of their article's status or publication time is out of step (a write "
                    + "bypassed BlogDbContext.SaveChanges):\n" + string.Join("\n", outOfStep));
            }
        }
        finally
        {
            await base.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private readonly Lazy<(string Write, string Read)> _keys;

    protected ApiFactory() => _keys = new(CreateKeys, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>An API key with content:write, stored in this host's database.</summary>
    public string WriteKey => _keys.Value.Write;

    /// <summary>An API key with content:read only.</summary>
    public string ReadKey => _keys.Value.Read;

    /// <summary>
    /// The client most tests use: reads are anonymous (what readers see); writes carry <see cref="WriteKey"/> and,
    /// for changes of an existing article or tag, the If-Match of its current version (fetched first), unless the
    /// request sets those headers itself. Follows redirects unless told not to. Skips the test when the database
    /// is unavailable here.
    /// </summary>
    public HttpClient CreateApiClient(WebApplicationFactoryClientOptions? options = null) =>
        CreateClientWith(options, new EditorHandler(this, keyOnReads: false, ifMatch: true));

    /// <summary>Every request carries <paramref name="key"/> (default <see cref="WriteKey"/>); If-Match only when <paramref name="ifMatch"/>.</summary>
    public HttpClient CreateKeyClient(string? key = null, bool ifMatch = true) =>
        CreateClientWith(null, new EditorHandler(this, keyOnReads: true, ifMatch: ifMatch, key: key));

    /// <summary>No key, no If-Match: exactly what the test sends.</summary>
    public HttpClient CreateAnonymousClient(WebApplicationFactoryClientOptions? options = null)
    {
        Assert.SkipWhen(UnavailableReason is not null, UnavailableReason ?? "");
        return options is null ? CreateClient() : CreateClient(options);
    }

    private HttpClient CreateClientWith(WebApplicationFactoryClientOptions? options, EditorHandler editor)
    {
        Assert.SkipWhen(UnavailableReason is not null, UnavailableReason ?? "");
        options ??= new WebApplicationFactoryClientOptions();
        List<DelegatingHandler> handlers = options.AllowAutoRedirect
            ? [new Microsoft.AspNetCore.Mvc.Testing.Handlers.RedirectHandler(options.MaxAutomaticRedirections), editor]
            : [editor];
        return CreateDefaultClient(options.BaseAddress, [.. handlers]);
    }

    private (string Write, string Read) CreateKeys()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HeadlessBlog.Data.BlogDbContext>();
        var now = Clock.GetUtcNow().UtcDateTime;
        var (write, writeKey) = HeadlessBlog.Api.Security.ApiKeys.Create("Test editor", [HeadlessBlog.Api.Security.Scopes.Write], now);
        var (read, readKey) = HeadlessBlog.Api.Security.ApiKeys.Create("Test reader", [HeadlessBlog.Api.Security.Scopes.Read], now);
        db.ApiKeys.AddRange(write, read);
        db.SaveChanges();
        return (writeKey, readKey);
    }

    /// <summary>Adds the editor's key (and If-Match of the current version) the way a real editing client would.</summary>
    private sealed class EditorHandler(ApiFactory factory, bool keyOnReads, bool ifMatch, string? key = null) : DelegatingHandler
    {
        private static readonly System.Text.RegularExpressions.Regex Versioned =
            new(@"^/api/(articles|tags)/(\d+)(/related(/\d+)?)?/?$", System.Text.RegularExpressions.RegexOptions.Compiled);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var isRead = request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
            if ((keyOnReads || !isRead) && !request.Headers.Contains("X-Api-Key"))
            {
                request.Headers.Add("X-Api-Key", key ?? factory.WriteKey);
            }

            var match = Versioned.Match(request.RequestUri!.AbsolutePath);
            var isChange = request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete
                || (request.Method == HttpMethod.Post && match.Groups[3].Success);
            if (ifMatch && isChange && match.Success && request.Headers.IfMatch.Count == 0)
            {
                var resource = $"/api/{match.Groups[1].Value}/{match.Groups[2].Value}";
                using var read = new HttpRequestMessage(HttpMethod.Get, new Uri(request.RequestUri, resource));
                read.Headers.Add("X-Api-Key", factory.WriteKey);
                using var current = await base.SendAsync(read, cancellationToken);
                if (current.Headers.ETag is { } etag)
                {
                    request.Headers.IfMatch.Add(etag);
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>The embedded default: a SQLite file in WAL mode, deleted afterwards.</summary>
public class SqliteApiFactory : ApiFactory
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"headlessblog-test-{Guid.NewGuid():N}.db");

    public override string Provider => "Sqlite";

    public override string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path }.ToString();

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_path + suffix);
            }
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Counts the commands EF Core executes, so tests can prove a fixed number of queries per request.</summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private int _count;
    private System.Collections.Concurrent.ConcurrentQueue<string> _queries = new();

    public int Count => Volatile.Read(ref _count);

    /// <summary>The text of every query (reader) command since the last <see cref="Reset"/>.</summary>
    public IReadOnlyList<string> Queries => [.. Volatile.Read(ref _queries)];

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        Interlocked.Exchange(ref _queries, new());
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        Volatile.Read(ref _queries).Enqueue(command.CommandText);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }
}
