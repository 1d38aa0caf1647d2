using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Hosting;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HeadlessBlog.Api.Tests.Security;

// SQLite only: the outage is real, not mocked. A second connection takes the database file with an exclusive lock
// (PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; plus a write), and the API's connections, whose connection string sets
// "Default Timeout=1", give up after one second of SQLITE_BUSY retries, exactly as they would behind a stuck writer or
// a backup tool. Stopping a SQL Server container mid-run would need the container per class and minutes of retries
// (EnableRetryOnFailure), so the SQL Server side of DbErrors is not exercised here.
public sealed class FailureOnSqlite(LockableSqliteFactory factory) : FailureTests<LockableSqliteFactory>(factory);

public sealed class FailureInProductionOnSqlite(ProductionSqliteFactory factory) : FailureTests<ProductionSqliteFactory>(factory);

/// <summary>A SQLite host whose commands wait at most one second for a locked database.</summary>
public class LockableSqliteFactory : SqliteApiFactory
{
    public override string ConnectionString =>
        new SqliteConnectionStringBuilder(base.ConnectionString) { DefaultTimeout = 1 }.ToString();

    public string DatabasePath => new SqliteConnectionStringBuilder(base.ConnectionString).DataSource;

    /// <summary>Everything the host logs, beside its own log providers.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(Logs));
    }
}

/// <summary>The same host in the Production environment (HTTPS redirection off, as behind a TLS-terminating proxy).</summary>
public class ProductionSqliteFactory : LockableSqliteFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Network:UseHttps"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
    }
}

/// <summary>Theory data of <see cref="FailureTests{TFactory}"/>.</summary>
public static class FailureTestData
{
    public static TheoryData<string, int> ErrorCases => new()
    {
        { "missing article", 404 },
        { "unknown route", 404 },
        { "write without key", 401 },
        { "write with read key", 403 },
        { "invalid body", 400 },
        { "invalid query", 400 },
        { "change without If-Match", 428 },
        { "change with stale If-Match", 412 },
        { "wrong method", 405 },
    };
}

public abstract class FailureTests<TFactory>(TFactory factory) : SecurityTestBase<TFactory>(factory)
    where TFactory : LockableSqliteFactory
{
    [Fact]
    public async Task WhileTheDatabaseIsLocked_Answers503WithRetryAfterAndNoInternals_ThenRecoversWithoutRestart()
    {
        var article = await CreatePublishedArticleAsync();
        var readUrl = $"/api/articles/{article.Id}?fields=id,title";
        var tagName = Unique("Outage ");
        Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync("/api/tags", Ct)).StatusCode);

        HttpResponseMessage read, editorRead, write, ready, live;
        await using (await DatabaseLock.TakeAsync(Factory, Ct))
        {
            read = await Raw.GetAsync(readUrl, Ct);
            editorRead = await Editor.GetAsync($"/api/articles/{article.Id}", Ct);
            write = await Client.PostAsJsonAsync("/api/tags", new { name = tagName }, Ct);
            ready = await Raw.GetAsync("/health/ready", Ct);
            live = await Raw.GetAsync("/health/live", Ct);
        }

        await AssertUnavailableAsync(read);
        await AssertUnavailableAsync(editorRead);
        await AssertUnavailableAsync(write);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync(readUrl, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Editor.GetAsync($"/api/articles/{article.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/tags", new { name = tagName }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync("/health/ready", Ct)).StatusCode);
    }

    [Fact]
    public async Task WhileTheDatabaseIsLocked_AfterAWrite_CachedPagesAreStillServedAndOthersAnswer503()
    {
        var article = await CreatePublishedArticleAsync();
        var url = $"/api/articles/{article.Id}";
        Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync(url, Ct)).StatusCode);
        // Another article's write: the schedule of publications must be read again before the next cached answer.
        await CreatePublishedArticleAsync();

        HttpResponseMessage cached, again, uncached;
        await using (await DatabaseLock.TakeAsync(Factory, Ct))
        {
            cached = await Raw.GetAsync(url, Ct);
            again = await Raw.GetAsync(url, Ct);
            uncached = await Raw.GetAsync(url + "?fields=id", Ct);
        }

        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await AssertUnavailableAsync(uncached);
        Assert.Equal(HttpStatusCode.OK, (await Raw.GetAsync(url + "?fields=id", Ct)).StatusCode);
    }

    /// <summary>The run without an outage is the control: it shows that only the outage makes the difference.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AfterAnOutage_AScheduledArticleStillAppearsOnTimeInCachedLists(bool outage)
    {
        var tag = Unique("Outage ");
        var published = await CreatePublishedArticleAsync(tags: [tag]);
        var listUrl = $"/api/articles?tag={published.Tags[0].Slug}";
        Assert.Equal([published.Id], (await ReadPageAsync(await Raw.GetAsync(listUrl, Ct))).Items.Select(a => a.Id));
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = "Embargoed.",
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddMinutes(2),
            tags = new[] { tag },
        });

        if (outage)
        {
            HttpResponseMessage during;
            await using (await DatabaseLock.TakeAsync(Factory, Ct))
            {
                during = await Raw.GetAsync(listUrl, Ct);
            }

            await AssertUnavailableAsync(during);
        }

        var before = await ReadPageAsync(await Raw.GetAsync(listUrl, Ct));
        Factory.Clock.Advance(TimeSpan.FromMinutes(3));
        var after = await ReadPageAsync(await Raw.GetAsync(listUrl, Ct));

        Assert.Equal([published.Id], before.Items.Select(a => a.Id));
        Assert.Equal([scheduled.Id, published.Id], after.Items.Select(a => a.Id));
    }

    [Fact]
    public async Task UnexpectedDatabaseError_Answers500WithTraceIdAndNoInternals_ThenRecovers()
    {
        var secret = "internal detail " + Unique();
        var name = Unique("Doomed ");
        var failed = await PostTagFailingWithAsync(name, secret);

        var problem = await ReadProblemAsync(failed, HttpStatusCode.InternalServerError);
        var body = problem.GetRawText();
        AssertNoInternals(body);
        Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(name, body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsJsonAsync("/api/tags", new { name }, Ct)).StatusCode);
    }

    [Fact]
    public async Task UnexpectedError_IsLoggedWithTheTraceIdItsProblemShows()
    {
        var failed = await PostTagFailingWithAsync(Unique("Doomed "), "internal detail " + Unique());

        var problem = await ReadProblemAsync(failed, HttpStatusCode.InternalServerError);
        var traceId = TraceIdOf(problem);
        var logged = Assert.Single(Factory.Logs.Entries, e => Equals(e.Scope.GetValueOrDefault("TraceId")?.ToString(), traceId)
            && e.Category.EndsWith(".ApiExceptionHandler", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal("Unhandled exception", logged.Message);
    }

    [Fact]
    public async Task Outage_IsLoggedWithTheTraceIdItsProblemShows()
    {
        var article = await CreatePublishedArticleAsync();
        HttpResponseMessage read;
        await using (await DatabaseLock.TakeAsync(Factory, Ct))
        {
            read = await Raw.GetAsync($"/api/articles/{article.Id}", Ct);
        }

        var problem = await ReadProblemAsync(read, HttpStatusCode.ServiceUnavailable);
        var traceId = TraceIdOf(problem);
        var logged = Assert.Single(Factory.Logs.Entries, e => Equals(e.Scope.GetValueOrDefault("TraceId")?.ToString(), traceId)
            && e.Category.EndsWith(".ApiExceptionHandler", StringComparison.Ordinal));
        Assert.Equal("Database unavailable", logged.Message);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(412)]
    [InlineData(500)]
    public async Task ErrorResponse_IsLoggedOnceWithTheTraceIdItsProblemShows(int status)
    {
        var response = status switch
        {
            400 => await ProduceAsync("invalid body"),
            404 => await ProduceAsync("missing article"),
            409 => await Client.PostAsJsonAsync(
                "/api/articles", new { title = Unique("Taken "), body = "Text.", slug = (await CreatePublishedArticleAsync()).Slug }, Ct),
            412 => await ProduceAsync("change with stale If-Match"),
            _ => await PostTagFailingWithAsync(Unique("Doomed "), "internal detail " + Unique()),
        };

        var traceId = TraceIdOf(await ReadProblemAsync(response, (HttpStatusCode)status));
        var logged = Assert.Single(Factory.Logs.Entries, e => Equals(e.Scope.GetValueOrDefault("TraceId")?.ToString(), traceId)
            && e.Category.StartsWith("HeadlessBlog.", StringComparison.Ordinal));
        Assert.Equal(status >= 500 ? LogLevel.Error : LogLevel.Information, logged.Level);
    }

    [Theory]
    [MemberData(nameof(FailureTestData.ErrorCases), MemberType = typeof(FailureTestData))]
    public async Task ErrorResponses_CarryAProblemWithATraceId(string error, int status)
    {
        var first = await ProduceAsync(error);
        var second = await ProduceAsync(error);

        var firstProblem = await ReadProblemAsync(first, (HttpStatusCode)status);
        var secondProblem = await ReadProblemAsync(second, (HttpStatusCode)status);

        Assert.NotEqual(firstProblem.GetProperty("traceId").GetString(), secondProblem.GetProperty("traceId").GetString());
        AssertNoStackTrace(firstProblem.GetRawText());
    }

    // ---------------------------------------------------------------- helpers

    private async Task<HttpResponseMessage> ProduceAsync(string error)
    {
        switch (error)
        {
            case "missing article":
                return await Raw.GetAsync($"/api/articles/{int.MaxValue}", Ct);
            case "unknown route":
                return await Raw.GetAsync($"/api/{Unique("nothing")}", Ct);
            case "write without key":
                return await Raw.PostAsJsonAsync("/api/tags", new { name = Unique("Tag ") }, Ct);
            case "write with read key":
                return await SendAsync(await PrepareAsync(SecurityTestData.PostTag), Factory.ReadKey, ifMatch: null);
            case "invalid body":
                return await Client.PostAsJsonAsync("/api/tags", new { name = "" }, Ct);
            case "invalid query":
                return await Raw.GetAsync("/api/articles?sort=sideways", Ct);
            case "change without If-Match":
                {
                    var call = await PrepareAsync(SecurityTestData.PutTag);
                    return await SendAsync(call, Factory.WriteKey, ifMatch: null);
                }

            case "change with stale If-Match":
                {
                    var call = await PrepareAsync(SecurityTestData.PutTag);
                    return await SendAsync(call, Factory.WriteKey, ifMatch: "\"0000000000000000\"");
                }

            case "wrong method":
                return await SendAsync(new WriteCall(error, HttpMethod.Delete, "/api/articles", null, null, "/api/articles", HttpStatusCode.OK),
                    Factory.WriteKey, ifMatch: null);
            default:
                throw new ArgumentOutOfRangeException(nameof(error), error, "Unknown error case.");
        }
    }

    private async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await ReadProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        var retryAfter = response.Headers.RetryAfter;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter.Delta > TimeSpan.Zero || retryAfter.Date > DateTimeOffset.UtcNow, $"Retry-After: {retryAfter}");
        AssertNoInternals(problem.GetRawText());
    }

    /// <summary>No stack trace and no exception text.</summary>
    private static void AssertNoStackTrace(string body)
    {
        foreach (var fragment in (string[])["   at ", ".cs:line", "exception", "stacktrace", "HeadlessBlog.", "Microsoft."])
        {
            Assert.DoesNotContain(fragment, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>No stack trace, no exception text, no SQL and nothing of the connection string.</summary>
    private void AssertNoInternals(string body)
    {
        AssertNoStackTrace(body);
        foreach (var fragment in (string[])["sqlite", "database is locked", "data source", "default timeout", "pooling", "constraint"])
        {
            Assert.DoesNotContain(fragment, body, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var keyword in (string[])["SELECT", "INSERT", "UPDATE", "DELETE", "PRAGMA", "FROM", "WHERE", "TRIGGER", "RAISE"])
        {
            Assert.DoesNotContain(keyword, body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Factory.DatabasePath, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Path.GetFileNameWithoutExtension(Factory.DatabasePath), body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Factory.ConnectionString, body, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>POST /api/tags while a trigger makes the insert fail with <paramref name="secret"/> (an error the API cannot foresee).</summary>
    private async Task<HttpResponseMessage> PostTagFailingWithAsync(string name, string secret)
    {
        var trigger = Unique("fail_");
        // The host, and with it the migrated database, starts with the first request: the trigger needs the table.
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/health/ready", Ct)).StatusCode);
        await ExecuteAsync($"CREATE TRIGGER \"{trigger}\" BEFORE INSERT ON \"Tags\" BEGIN SELECT RAISE(ABORT, '{secret}'); END;");
        try
        {
            return await Client.PostAsJsonAsync("/api/tags", new { name }, Ct);
        }
        finally
        {
            await ExecuteAsync($"DROP TRIGGER IF EXISTS \"{trigger}\";");
        }
    }

    /// <summary>The W3C trace id inside a problem's <c>traceId</c> ("00-{trace id}-{span id}-{flags}").</summary>
    private static string TraceIdOf(System.Text.Json.JsonElement problem)
    {
        var parts = problem.GetProperty("traceId").GetString()!.Split('-');
        Assert.Equal(4, parts.Length);
        return parts[1];
    }

    /// <summary>Runs SQL on a connection of its own (as an administrator's tool would).</summary>
    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Factory.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>
    /// Another process holding the database: an exclusive lock kept until disposed. In WAL mode every open connection
    /// keeps a shared lock on the file, so the API's idle pooled connections are closed first (as a pool recycles them);
    /// its next connections then find the file locked.
    /// </summary>
    private sealed class DatabaseLock(SqliteConnection connection) : IAsyncDisposable
    {
        public static async Task<DatabaseLock> TakeAsync(LockableSqliteFactory factory, CancellationToken cancellationToken)
        {
            using (var pooled = new SqliteConnection(factory.ConnectionString))
            {
                SqliteConnection.ClearPool(pooled);
            }

            var connection = new SqliteConnection(
                new SqliteConnectionStringBuilder { DataSource = factory.DatabasePath, Pooling = false, DefaultTimeout = 10 }.ToString());
            await connection.OpenAsync(cancellationToken);
            foreach (var sql in (string[])["PRAGMA locking_mode=EXCLUSIVE;", "BEGIN EXCLUSIVE;", "UPDATE \"Tags\" SET \"Name\" = \"Name\";"])
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return new DatabaseLock(connection);
        }

        public async ValueTask DisposeAsync()
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "ROLLBACK;";
                await command.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
