using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Delivery;

/// <summary>
/// Two API instances on one database, as replicas behind a load balancer: each caches responses and list lengths in
/// its own memory and evicts them on its own writes only, so what another instance writes must still reach its
/// readers within the output cache's lifetime (<c>Caching:OutputCacheSeconds</c>, 300 s by default).
/// </summary>
public sealed class SharedDatabaseOnSqlite(SqliteApiFactory factory) : ApiTestBase<SqliteApiFactory>(factory)
{
    private const int OutputCacheSeconds = 300;

    [Fact]
    public async Task ArticleWrittenOnAnotherInstance_ReachesThisInstancesCachedListAndCountWithinTheCacheLifetime()
    {
        await using var other = new SameDatabaseFactory(Factory.ConnectionString);
        using var reader = other.CreateAnonymousClient();
        var tag = await CreateTagAsync();
        var url = $"/api/articles?tag={tag.Slug}";
        Assert.Empty((await ReadAsync(reader, url)).Items);

        var article = await CreatePublishedArticleAsync(tags: [tag.Name]);

        // Control: within the lifetime the other instance still serves what it cached.
        Assert.Empty((await ReadAsync(reader, url)).Items);
        other.Clock.Advance(TimeSpan.FromSeconds(OutputCacheSeconds + 1));
        var page = await ReadAsync(reader, url);
        Assert.Equal([article.Id], page.Items.Select(a => a.Id));
        Assert.Equal(1, page.TotalItems);
    }

    [Fact]
    public async Task ArticleScheduledOnAnotherInstance_AppearsThereOnceItsTimeHasComeAndTheCacheLifetimeHasPassed()
    {
        await using var other = new SameDatabaseFactory(Factory.ConnectionString);
        using var reader = other.CreateAnonymousClient();
        var tag = await CreateTagAsync();
        var url = $"/api/articles?tag={tag.Slug}";
        Assert.Empty((await ReadAsync(reader, url)).Items);

        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Scheduled "),
            body = "Body.",
            status = "published",
            publishedAt = other.Clock.GetUtcNow().AddMinutes(2),
            tags = new[] { tag.Name },
        });

        other.Clock.Advance(TimeSpan.FromSeconds(OutputCacheSeconds + 1));
        Assert.Equal([scheduled.Id], (await ReadAsync(reader, url)).Items.Select(a => a.Id));
    }

    private static async Task<PagedResponse<ArticleSummary>> ReadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<PagedResponse<ArticleSummary>>(Ct))!;
    }

    /// <summary>A second instance of the API on the fixture's database file.</summary>
    private sealed class SameDatabaseFactory(string connectionString) : ApiFactory
    {
        public override string Provider => "Sqlite";

        public override string? ConnectionString => connectionString;
    }
}
