using System.Net;
using System.Net.Http.Json;
using HeadlessBlog.Api.Http;
using HeadlessBlog.Api.Site;
using HeadlessBlog.Api.Tests.Infrastructure;

namespace HeadlessBlog.Api.Tests.Site;

public sealed class SitemapOnSqlite(SiteSqliteFactory factory) : SitemapTests<SiteSqliteFactory>(factory);

public sealed class SitemapOnSqlServer(SiteSqlServerFactory factory) : SitemapTests<SiteSqlServerFactory>(factory);

/// <summary><c>/api/sitemap</c> and <c>/api/redirects</c>: visible content only, paged for a static build.</summary>
public abstract class SitemapTests<TFactory>(TFactory factory) : ApiTestBase<TFactory>(factory)
    where TFactory : ApiFactory
{
    [Fact]
    public async Task Sitemap_ListsVisibleArticlesAndTheirTags_NeitherDraftsNorScheduledNorTheirTags()
    {
        var shown = await CreateTagAsync();
        var hidden = await CreateTagAsync();
        var published = await CreatePublishedArticleAsync(tags: [shown.Name]);
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "x", status = "draft", tags = new[] { hidden.Name } });
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Later "),
            body = "x",
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddDays(1),
            tags = new[] { hidden.Name },
        });

        var page = await SitemapAsync();

        var article = Assert.Single(page.Items, i => i.Slug == published.Slug);
        Assert.Equal(("article", published.PublishedAt), (article.Kind, article.PublishedAt));
        Assert.Contains(page.Items, i => i.Kind == "tag" && i.Slug == shown.Slug);
        Assert.DoesNotContain(page.Items, i => i.Slug == draft.Slug || i.Slug == scheduled.Slug || i.Slug == hidden.Slug);
        Assert.Equal(SiteReads.SitemapPageSize, page.PageSize);
    }

    [Fact]
    public async Task Sitemap_ATagsUpdatedAt_IsItsNewestArticlesPublication()
    {
        var tag = await CreateTagAsync();
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var article = await CreatePublishedArticleAsync(tags: [tag.Name]);

        var item = Assert.Single((await SitemapAsync()).Items, i => i.Kind == "tag" && i.Slug == tag.Slug);

        Assert.Equal(article.PublishedAt, item.UpdatedAt);
        Assert.Null(item.PublishedAt);
    }

    [Fact]
    public async Task Sitemap_AScheduledArticle_AppearsOnceItsTimeComes_ThroughTheCache()
    {
        var scheduled = await CreateArticleAsync(new
        {
            title = Unique("Later "),
            body = "x",
            status = "published",
            publishedAt = Factory.Clock.GetUtcNow().AddMinutes(2),
        });
        Assert.DoesNotContain((await SitemapAsync()).Items, i => i.Slug == scheduled.Slug);

        Factory.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Contains((await SitemapAsync()).Items, i => i.Slug == scheduled.Slug);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("x")]
    public async Task Sitemap_WithABadPage_Returns400NamingPage(string page)
    {
        var response = await Client.GetAsync($"/api/sitemap?page={page}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"page\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirects_AfterRenames_ListEachOldSlugToTheCurrentOne_ButNotADrafts()
    {
        var article = await CreatePublishedArticleAsync();
        var moved = Unique("moved-");
        await PutAsync(article.Id, new { title = article.Title, slug = moved, body = "b", status = "published", publishedAt = article.PublishedAt });
        var movedAgain = Unique("again-");
        await PutAsync(article.Id, new { title = article.Title, slug = movedAgain, body = "b", status = "published", publishedAt = article.PublishedAt });
        var tag = await CreateTagAsync();
        var renamed = Unique("Renamed ");
        var tagResponse = await Client.PutAsJsonAsync($"/api/tags/{tag.Id}", new { name = renamed, slug = Unique("renamed-") }, Ct);
        Assert.Equal(HttpStatusCode.OK, tagResponse.StatusCode);
        var newTagSlug = (await tagResponse.Content.ReadFromJsonAsync<HeadlessBlog.Api.Tags.TagResponse>(Ct))!.Slug;
        var draft = await CreateArticleAsync(new { title = Unique("Draft "), body = "x", status = "draft" });
        await PutAsync(draft.Id, new { title = draft.Title, slug = Unique("draft-moved-"), body = "x", status = "draft" });

        var items = (await RedirectsAsync()).Items;

        Assert.Contains(new SlugRedirectItem("article", article.Slug, movedAgain), items);
        Assert.Contains(new SlugRedirectItem("article", moved, movedAgain), items);
        Assert.Contains(new SlugRedirectItem("tag", tag.Slug, newTagSlug), items);
        Assert.DoesNotContain(items, i => i.From == draft.Slug);
    }

    private async Task<PagedResponse<SitemapItem>> SitemapAsync() =>
        (await Client.GetFromJsonAsync<PagedResponse<SitemapItem>>("/api/sitemap", Ct))!;

    private async Task<PagedResponse<SlugRedirectItem>> RedirectsAsync() =>
        (await Client.GetFromJsonAsync<PagedResponse<SlugRedirectItem>>("/api/redirects", Ct))!;
}
