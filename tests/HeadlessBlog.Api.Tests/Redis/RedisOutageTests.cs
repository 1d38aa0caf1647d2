using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Delivery;
using Microsoft.Extensions.Logging;
using static HeadlessBlog.Api.Tests.Redis.RedisTestSteps;

namespace HeadlessBlog.Api.Tests.Redis;

/// <summary>
/// With <c>Caching:Redis</c> set but the server gone, the output cache only misses: every request is answered from the
/// database, quickly, never with an error.
/// </summary>
public sealed class RedisOutageTests
{
    /// <summary>Each request while Redis is away; commands fail at once while disconnected (no queueing).</summary>
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(2);

    /// <summary>How soon caching must resume once Redis is back.</summary>
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 60_000)]
    public async Task RedisStopped_ReadsAndWritesGoOnUncachedWithoutErrors_AndCachingResumesWhenItIsBack()
    {
        var ct = TestContext.Current.CancellationToken;
        RedisServer.SkipUnlessAvailable();
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        await using var api = new RedisInstanceFactory(redis.Configuration);
        using var editor = api.CreateApiClient();
        using var reader = api.CreateAnonymousClient();
        var article = await CreatePublishedArticleAsync(editor, ct);
        var url = $"/api/articles/slug/{article.Slug}";
        Assert.Equal(article.Title, await TitleAsync(reader, url, ct));

        await redis.StopAsync();

        // The cached entry is out of reach: the read goes to the database and sees a change made behind the API's back.
        var behind = Unique("Changed behind the back ");
        await SetTitleBehindTheApisBackAsync(api.ConnectionString, article.Id, behind, ct);
        Assert.Equal(behind, await TimedAsync(() => TitleAsync(reader, url, ct)));
        Assert.Equal(behind, await TimedAsync(() => TitleAsync(reader, url, ct)));

        // A write (whose eviction cannot reach Redis) succeeds, and the next read shows it.
        var edited = Unique("Edited while Redis is down ");
        var put = await TimedAsync(() => editor.PutAsJsonAsync(
            $"/api/articles/{article.Id}", new { title = edited, slug = article.Slug, body = "Edited.", status = "published" }, ct));
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync(ct));
        Assert.Equal(edited, await TimedAsync(() => TitleAsync(reader, url, ct)));

        // Said once, as a warning, not once per request.
        Assert.Single(api.Logs.Entries, e => e.Category == typeof(TolerantOutputCacheStore).FullName && e.Level == LogLevel.Warning);

        // Back (empty, on the same port): the client reconnects by itself and responses are cached again.
        await redis.StartAsync();
        var resumed = Stopwatch.StartNew();
        while (true)
        {
            var before = await TitleAsync(reader, url, ct);
            await SetTitleBehindTheApisBackAsync(api.ConnectionString, article.Id, Unique("Changed behind the back "), ct);
            if (await TitleAsync(reader, url, ct) == before)
            {
                break;
            }

            Assert.True(resumed.Elapsed < Reconnect, $"Responses were still not cached {Reconnect.TotalSeconds} s after Redis came back.");
            await Task.Delay(200, ct);
        }

        Assert.Contains(api.Logs.Entries, e => e.Category == typeof(TolerantOutputCacheStore).FullName && e.Level == LogLevel.Information);
    }

    [Fact(Timeout = 60_000)]
    public async Task RedisUnreachableFromTheStart_TheApiStartsAndAnswersUncached()
    {
        var ct = TestContext.Current.CancellationToken;
        // Nothing listens on this port: no redis-server is needed, so this test never skips.
        await using var api = new RedisInstanceFactory($"127.0.0.1:{RedisServer.FreeLoopbackPort()}");
        using var editor = api.CreateApiClient();
        using var reader = api.CreateAnonymousClient();
        // The first request of a fresh host is slow for reasons of its own (and the first contact with Redis is
        // part of it): untimed.
        var article = await CreatePublishedArticleAsync(editor, ct);
        var url = $"/api/articles/slug/{article.Slug}";

        Assert.Equal(article.Title, await TimedAsync(() => TitleAsync(reader, url, ct)));
        var behind = Unique("Changed behind the back ");
        await SetTitleBehindTheApisBackAsync(api.ConnectionString, article.Id, behind, ct);
        Assert.Equal(behind, await TimedAsync(() => TitleAsync(reader, url, ct)));
    }

    private static async Task<T> TimedAsync<T>(Func<Task<T>> request)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await request();
        Assert.True(stopwatch.Elapsed < Quick, $"The request took {stopwatch.Elapsed.TotalMilliseconds:F0} ms with Redis away.");
        return result;
    }
}
