using System.Net.Http.Json;
using HeadlessBlog.Api.Changes;
using HeadlessBlog.Api.Delivery;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static HeadlessBlog.Api.Tests.Redis.RedisTestSteps;

namespace HeadlessBlog.Api.Tests.Redis;

/// <summary>
/// Two API instances with <c>Caching:Redis</c> set to one real Redis: what one caches the other serves, and a write
/// through one evicts for both at once (the change worker, which would also evict within a poll, does not run here by
/// itself). Entries are keyed by the publication epoch, which each instance reads from the database again once it
/// learns of a write; B learns of A's create through one round of its change worker, as it would within a poll.
/// </summary>
public sealed class SharedOutputCacheTests(TwoInstancesOnRedis instances) : IClassFixture<TwoInstancesOnRedis>
{
    [Fact(Timeout = 60_000)]
    public async Task Response_CachedThroughOneInstance_IsServedByAnotherFromRedis()
    {
        var ct = TestContext.Current.CancellationToken;
        RedisServer.SkipUnlessAvailable();
        var article = await CreatePublishedArticleAsync(instances.A.CreateApiClient(), ct);
        await instances.B.Services.GetRequiredService<ChangeWorker>().RunRoundAsync(ct);
        var url = $"/api/articles/slug/{article.Slug}";
        Assert.Equal(article.Title, await TitleAsync(instances.A.CreateAnonymousClient(), url, ct));

        await SetTitleBehindTheApisBackAsync(instances.A.ConnectionString, article.Id, Unique("Changed behind the back "), ct);
        // Reached under another name, as instances are behind a balancer: entries do not vary by host.
        using var b = instances.B.CreateAnonymousClient(new() { BaseAddress = new Uri("http://instance-b.internal") });

        // B never read this URL: the old title can only come from the entry A stored in Redis.
        Assert.Equal(article.Title, await TitleAsync(b, url, ct));
        // Control: a URL nobody read yet is answered from the database, with the new title.
        Assert.NotEqual(article.Title, await TitleAsync(b, $"/api/articles/{article.Id}", ct));

        // The entries are under the app's prefix, so that other apps can share the server.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(instances.Redis.Configuration);
        var keys = redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: "*").Select(k => k.ToString()).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.StartsWith(OutputCacheStorage.RedisInstanceName, key, StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Write_OnOneInstance_EvictsTheSharedEntryForAll()
    {
        var ct = TestContext.Current.CancellationToken;
        RedisServer.SkipUnlessAvailable();
        using var editorOnA = instances.A.CreateApiClient();
        var article = await CreatePublishedArticleAsync(editorOnA, ct);
        await instances.B.Services.GetRequiredService<ChangeWorker>().RunRoundAsync(ct);
        var url = $"/api/articles/slug/{article.Slug}";
        using var b = instances.B.CreateAnonymousClient();
        Assert.Equal(article.Title, await TitleAsync(instances.A.CreateAnonymousClient(), url, ct));
        await SetTitleBehindTheApisBackAsync(instances.A.ConnectionString, article.Id, Unique("Changed behind the back "), ct);
        Assert.Equal(article.Title, await TitleAsync(b, url, ct)); // B is served A's entry from Redis.

        var edited = Unique("Edited through A ");
        var put = await editorOnA.PutAsJsonAsync(
            $"/api/articles/{article.Id}", new { title = edited, slug = article.Slug, body = "Edited.", status = "published" }, ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(ct));

        // At once, with no poll in between: A's write evicted the entry in Redis.
        Assert.Equal(edited, await TitleAsync(b, url, ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task InstanceStartedAfterAScheduledArticleAppeared_SharesTheEntriesOfTheOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        RedisServer.SkipUnlessAvailable();
        var scheduled = await CreateArticleAsync(instances.A.CreateApiClient(), new
        {
            title = Unique("Soon "),
            body = "Soon.",
            status = "published",
            publishedAt = DateTimeOffset.UtcNow.AddSeconds(1),
        }, ct);
        // A reads its schedule (a cached read does), so it knows when the scheduled article comes due.
        await instances.A.CreateAnonymousClient().GetAsync("/api/articles?pageSize=1", ct);
        await Task.Delay(1_500, ct);
        var article = await CreatePublishedArticleAsync(instances.A.CreateApiClient(), ct);
        var url = $"/api/articles/slug/{article.Slug}";
        // A has seen the scheduled article come due (its epoch moved on) and caches the page in Redis.
        Assert.Equal(scheduled.Title, await TitleAsync(instances.A.CreateAnonymousClient(), $"/api/articles/{scheduled.Id}", ct));
        Assert.Equal(article.Title, await TitleAsync(instances.A.CreateAnonymousClient(), url, ct));
        await SetTitleBehindTheApisBackAsync(instances.A.ConnectionString, article.Id, Unique("Changed behind the back "), ct);

        // An instance that starts now computes the same epoch from the database, so A's entry serves it.
        await using var late = new RedisInstanceFactory(instances.Redis.Configuration, instances.A.ConnectionString);
        Assert.Equal(article.Title, await TitleAsync(late.CreateAnonymousClient(), url, ct));
    }
}
