using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HeadlessBlog.Api.Tests.Redis;

/// <summary>
/// An API instance whose output cache lives in the Redis named by <paramref name="redis"/> (<c>Caching:Redis</c>), on
/// a SQLite file of its own or, given <paramref name="sharedConnectionString"/>, on another instance's. As in every
/// test host the change worker does not run: nothing but Redis carries one instance's cache or evictions to another.
/// </summary>
public sealed class RedisInstanceFactory(string redis, string? sharedConnectionString = null) : SqliteApiFactory
{
    public override string ConnectionString => sharedConnectionString ?? base.ConnectionString;

    /// <summary>Everything the host logs, beside its own log providers.</summary>
    public CapturedLogs Logs { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Caching:Redis"] = redis,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            // The real clock, as real instances share it: each test host's fake clock moves only when it is read, so
            // an article published through one could still be scheduled on the other's.
            services.AddSingleton(TimeProvider.System);
        });
    }
}

/// <summary>A Redis server and two API instances on one SQLite file, both keeping their output cache in it.</summary>
public sealed class TwoInstancesOnRedis : IAsyncLifetime
{
    public RedisServer Redis { get; } = new();

    private RedisInstanceFactory? _a;
    private RedisInstanceFactory? _b;

    public RedisInstanceFactory A => _a ?? throw new InvalidOperationException("Redis is not available here.");

    /// <summary>The second instance, on <see cref="A"/>'s database file.</summary>
    public RedisInstanceFactory B => _b ?? throw new InvalidOperationException("Redis is not available here.");

    public async ValueTask InitializeAsync()
    {
        await Redis.InitializeAsync();
        if (RedisServer.Installed)
        {
            _a = new RedisInstanceFactory(Redis.Configuration);
            _b = new RedisInstanceFactory(Redis.Configuration, _a.ConnectionString);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The second instance first: the first one deletes the database file.
            if (_b is not null)
            {
                await _b.DisposeAsync();
            }

            if (_a is not null)
            {
                await _a.DisposeAsync();
            }
        }
        finally
        {
            await Redis.DisposeAsync();
        }
    }
}

/// <summary>What the Redis tests do through HTTP and behind the API's back.</summary>
internal static class RedisTestSteps
{
    public static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    public static Task<ArticleResponse> CreatePublishedArticleAsync(HttpClient editor, CancellationToken ct) =>
        CreateArticleAsync(editor, new { title = Unique("Redis article "), body = "Shared **cache**.", status = "published" }, ct);

    public static async Task<ArticleResponse> CreateArticleAsync(HttpClient editor, object request, CancellationToken ct)
    {
        var response = await editor.PostAsJsonAsync("/api/articles", request, ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(ct))!;
    }

    /// <summary>GET <paramref name="url"/>, asserting 200; the article's title.</summary>
    public static async Task<string> TitleAsync(HttpClient client, string url, CancellationToken ct)
    {
        var response = await client.GetAsync(url, ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return (await response.Content.ReadFromJsonAsync<ArticleResponse>(ct))!.Title;
    }

    /// <summary>
    /// Changes an article's title in the database file directly, past the API and so past its evictions: a response that
    /// still shows the old title can only come from a cache.
    /// </summary>
    public static async Task SetTitleBehindTheApisBackAsync(string connectionString, int articleId, string title, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """UPDATE "Articles" SET "Title" = $title WHERE "Id" = $id""";
        command.Parameters.AddWithValue("$title", title);
        command.Parameters.AddWithValue("$id", articleId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(ct));
    }
}
