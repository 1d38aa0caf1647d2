using System.Net.Http.Json;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Site;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Site;

/// <summary>
/// The sitemap protocol's limit: 50,000 URLs a file. A database of its own with one article more than that, written
/// in one SQL statement (through the API it would take minutes); SQLite only, as the rows are written in its dialect —
/// the read under test is the same LINQ on both providers.
/// </summary>
public sealed class SitemapLimitTests(SitemapLimitTests.Host factory) : IClassFixture<SitemapLimitTests.Host>
{
    private const int Articles = SiteReads.SitemapPageSize + 1;

    public sealed class Host : SqliteApiFactory
    {
        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            _ = Services; // migrated
            await BulkArticles.InsertAsync(ConnectionString, Articles);
        }
    }

    [Fact]
    public async Task Sitemap_OfOneArticleMoreThanTheLimit_HasTwoPages_TheFirstFull()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = factory.CreateAnonymousClient();

        var first = (await client.GetFromJsonAsync<PagedResponse<SitemapItem>>("/api/sitemap", ct))!;
        var second = (await client.GetFromJsonAsync<PagedResponse<SitemapItem>>("/api/sitemap?page=2", ct))!;
        var third = (await client.GetFromJsonAsync<PagedResponse<SitemapItem>>("/api/sitemap?page=3", ct))!;

        Assert.Equal((50_000, Articles, 2), (first.Items.Count, first.TotalItems, first.TotalPages));
        Assert.Single(second.Items);
        Assert.Empty(third.Items);
        Assert.Equal(Articles, first.Items.Concat(second.Items).Select(i => i.Slug).Distinct().Count());
    }
}
